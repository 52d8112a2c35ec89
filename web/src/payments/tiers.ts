/** "vip" → "VIP", "premium" → "Premium": how a subscription tier reads on a badge, an alert or a button. */
export const tierName = (tier: string) => (tier === 'vip' ? 'VIP' : tier.replace(/^./, (c) => c.toUpperCase()));
