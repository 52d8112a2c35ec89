import { subscriptions } from '../api/endpoints';
import type { PaymentsConfig, Subscription } from '../api/types';
import { confirmCard, type Card } from './card';

export { tierName } from './tiers';

/** Subscribed for now: paid and not yet expired (past_due keeps access while Stripe retries the renewal). */
export const isEntitled = (subscription: Subscription) => subscription.status === 'active' || subscription.status === 'past_due';

/** What the subscriber reads about the period: it renews, or it ends (cancelled, gifted) on the date. */
export function periodText(subscription: Subscription): string {
  const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
  if (subscription.status === 'expired') return subscription.endedAt ? `Ended on ${day(subscription.endedAt)}` : 'Ended';
  if (subscription.status === 'incomplete') return 'Waiting for the first payment';
  if (!subscription.renewalDate) return '';
  return subscription.autoRenew ? `Renews on ${day(subscription.renewalDate)}` : `Ends on ${day(subscription.renewalDate)}`;
}

/** How long the page waits for the webhook to activate a paid subscription before saying it is still on its way. */
const SETTLE_MS = 30_000;

/**
 * Pays a subscription's first invoice as Stripe.js's confirmCardPayment does with the client secret alone (its
 * PaymentIntent's id is the secret's prefix), then follows the subscription until the webhook has made it active.
 * Resolves with the last state read; rejects with CardRefused when the card is declined.
 */
export async function payFirstInvoice(config: PaymentsConfig, subscription: Subscription, card: Card): Promise<Subscription> {
  const secret = subscription.clientSecret;
  if (!secret || !secret.includes('_secret_')) return subscription;
  await confirmCard(config, { id: secret.slice(0, secret.indexOf('_secret_')), clientSecret: secret }, card);
  const deadline = Date.now() + SETTLE_MS;
  let state = subscription;
  while (Date.now() < deadline) {
    state = await subscriptions.get(subscription.id).catch(() => state);
    if (state.status !== 'incomplete') break;
    await new Promise((resolve) => window.setTimeout(resolve, 700));
  }
  return state;
}
