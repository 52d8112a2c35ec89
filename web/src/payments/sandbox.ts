import type { PaymentsConfig } from '../api/types';

/**
 * The sandbox's test cards (tools/StripeSandbox/README.md), shown as the card numbers Stripe's test
 * mode documents so a tester recognises them; the sandbox takes the matching test payment method.
 */
export const TEST_CARDS = [
  { paymentMethod: 'pm_card_visa', label: 'Visa 4242 4242 4242 4242 (pays)' },
  { paymentMethod: 'pm_card_visa_chargeDeclined', label: 'Visa 4000 0000 0000 0002 (declined)' },
  { paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds', label: 'Visa 4000 0000 0000 9995 (insufficient funds)' },
] as const;

/** A card payment the provider refused, in its own words ("Your card was declined."). */
export class CardRefused extends Error {}

/**
 * Confirms a PaymentIntent at the sandbox exactly as Stripe.js confirms one at Stripe: the
 * publishable key and the client secret, never the secret key. Resolves with the intent's status.
 */
export async function confirmInSandbox(config: PaymentsConfig, paymentIntentId: string, clientSecret: string,
  paymentMethod: string): Promise<string> {
  if (!config.sandboxUrl) throw new CardRefused('Payments are not in sandbox mode.');
  let response: Response;
  try {
    response = await fetch(`${config.sandboxUrl.replace(/\/$/, '')}/v1/payment_intents/${encodeURIComponent(paymentIntentId)}/confirm`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.publishableKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ payment_method: paymentMethod, client_secret: clientSecret }),
    });
  } catch {
    throw new CardRefused('Could not reach the payment provider; nothing was charged. Try again.');
  }
  const body = (await response.json().catch(() => ({}))) as { status?: string; error?: { message?: string } };
  if (!response.ok) throw new CardRefused(body.error?.message ?? `The payment provider refused the card (${response.status}).`);
  return body.status ?? 'processing';
}

/** Money as the person reads it: 500 + "usd" → "$5.00". */
export const money = (cents: number, currency: string) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
