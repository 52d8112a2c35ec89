import { CardRefused } from './sandbox';

/** Where Stripe.js must be loaded from (Stripe serves it only from its own origin, never bundled). */
export const STRIPE_JS_URL = 'https://js.stripe.com/v3/';

/** What a card Element's change event says: whether the card is complete, and the first problem with it in words. */
export interface CardChange {
  complete: boolean;
  empty: boolean;
  error?: { message: string };
}

/** The part of Stripe.js's card Element the app uses (https://docs.stripe.com/js/element). */
export interface StripeCardElement {
  mount(node: HTMLElement): void;
  on(event: 'change', handler: (change: CardChange) => void): void;
  destroy(): void;
}

interface StripeError {
  type: string;
  code?: string;
  decline_code?: string;
  message?: string;
}

/** The part of a Stripe.js instance the app uses. */
export interface StripeJs {
  elements(): { create(type: 'card'): StripeCardElement };
  confirmCardPayment(clientSecret: string, data: { payment_method: { card: StripeCardElement } }):
    Promise<{ paymentIntent?: { id: string; status: string }; error?: StripeError }>;
}

declare global {
  interface Window {
    Stripe?: (publishableKey: string) => StripeJs;
  }
}

let script: Promise<NonNullable<Window['Stripe']>> | null = null;
const instances = new Map<string, Promise<StripeJs>>();

/** Adds Stripe's script to the page once, when a page first takes a card; a failed load may be tried again. */
function loadScript(): Promise<NonNullable<Window['Stripe']>> {
  if (window.Stripe) return Promise.resolve(window.Stripe);
  script ??= new Promise<NonNullable<Window['Stripe']>>((resolve, reject) => {
    const tag = document.createElement('script');
    tag.src = STRIPE_JS_URL;
    tag.async = true;
    tag.onload = () => (window.Stripe ? resolve(window.Stripe) : reject(new Error('Stripe.js loaded but did not define Stripe.')));
    tag.onerror = () => {
      tag.remove();
      reject(new Error('Stripe.js could not be loaded.'));
    };
    document.head.appendChild(tag);
  }).catch((failure: unknown) => {
    script = null;
    throw failure;
  });
  return script;
}

/** One Stripe.js instance per publishable key, made when first asked for. */
export function loadStripe(publishableKey: string): Promise<StripeJs> {
  let instance = instances.get(publishableKey);
  if (!instance) {
    instance = loadScript().then((Stripe) => Stripe(publishableKey));
    instance.catch(() => instances.delete(publishableKey));
    instances.set(publishableKey, instance);
  }
  return instance;
}

/**
 * Confirms a PaymentIntent with the card typed into a card Element, as Stripe.js does it: the client secret alone
 * from the server. Resolves with the intent's status; rejects with CardRefused in Stripe's words ("Your card was declined.").
 */
export async function confirmWithStripe(stripe: StripeJs, clientSecret: string, card: StripeCardElement): Promise<string> {
  let result: Awaited<ReturnType<StripeJs['confirmCardPayment']>>;
  try {
    result = await stripe.confirmCardPayment(clientSecret, { payment_method: { card } });
  } catch {
    throw new CardRefused('Could not reach the payment provider; nothing was charged. Try again.');
  }
  if (result.error) throw new CardRefused(result.error.message ?? 'The payment provider refused the card.');
  return result.paymentIntent?.status ?? 'processing';
}
