/**
 * The channels this person manages, as this browser knows them: the API has no "my channels"
 * list yet, so the dashboard remembers each channel created here or opened by its owner. Every
 * entry is checked against GET /api/channels/{slug} before it is shown.
 */
const key = (userId: string) => `aethex.myChannels.${userId}`;

export function rememberedChannels(userId: string): string[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberChannel(userId: string, slug: string): void {
  const list = rememberedChannels(userId).filter((s) => s !== slug);
  localStorage.setItem(key(userId), JSON.stringify([slug, ...list].slice(0, 20)));
}

export function forgetChannel(userId: string, slug: string): void {
  localStorage.setItem(key(userId), JSON.stringify(rememberedChannels(userId).filter((s) => s !== slug)));
}
