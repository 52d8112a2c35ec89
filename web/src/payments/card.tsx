import { useEffect, useRef, useState } from 'preact/hooks';
import type { PaymentsConfig } from '../api/types';
import { CardRefused, confirmInSandbox, TEST_CARDS } from './sandbox';
import { confirmWithStripe, loadStripe, type StripeCardElement, type StripeJs } from './stripe';

/**
 * What a payment form pays with: in sandbox mode one of the sandbox's test payment methods; in stripe mode the card
 * typed into Stripe.js's card Element (pending until Stripe.js has loaded).
 */
export type Card =
  | { kind: 'test'; paymentMethod: string }
  | { kind: 'stripe'; stripe: StripeJs; element: StripeCardElement }
  | { kind: 'pending' };

/** The card a new form starts with. */
export const firstCard = (config: PaymentsConfig): Card =>
  config.mode === 'sandbox' ? { kind: 'test', paymentMethod: TEST_CARDS[0].paymentMethod } : { kind: 'pending' };

/** The words for paying with the card, e.g. "Paying $5.00 with the test card…". */
export const cardName = (card: Card) => (card.kind === 'test' ? 'the test card' : 'your card');

/**
 * Confirms a PaymentIntent (its id and client secret, as Payments returned them) with the card; resolves with the
 * intent's status, rejects with CardRefused in the provider's words. The webhook then completes the purchase.
 */
export function confirmCard(config: PaymentsConfig, intent: { id: string; clientSecret: string }, card: Card): Promise<string> {
  switch (card.kind) {
    case 'test':
      return confirmInSandbox(config, intent.id, intent.clientSecret, card.paymentMethod);
    case 'stripe':
      return confirmWithStripe(card.stripe, intent.clientSecret, card.element);
    default:
      return Promise.reject(new CardRefused('The card form has not loaded yet; nothing was charged. Try again in a moment.'));
  }
}

/** The form's card: a select of test cards in sandbox mode, Stripe.js's card Element otherwise. */
export function CardField({ id, config, value, onChange }: {
  id: string; config: PaymentsConfig; value: Card; onChange: (card: Card) => void;
}) {
  if (config.mode !== 'sandbox') return <StripeCardField id={id} publishableKey={config.publishableKey} onChange={onChange} />;
  return (
    <div class="field">
      <label for={id}>Test card</label>
      <select id={id} value={value.kind === 'test' ? value.paymentMethod : undefined}
        onChange={(e) => onChange({ kind: 'test', paymentMethod: e.currentTarget.value })}>
        {TEST_CARDS.map((card) => <option key={card.paymentMethod} value={card.paymentMethod}>{card.label}</option>)}
      </select>
    </div>
  );
}

/**
 * Loads Stripe.js (only now, so pages that take no payment never fetch it) and mounts a card Element; its change
 * events' problems are shown under it, as Stripe asks an integration to.
 */
function StripeCardField({ id, publishableKey, onChange }: { id: string; publishableKey: string; onChange: (card: Card) => void }) {
  const mount = useRef<HTMLDivElement>(null);
  // The latest handler: the form's state changes while the Element, mounted once, keeps reporting.
  const report = useRef(onChange);
  report.current = onChange;
  const [problem, setProblem] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let element: StripeCardElement | null = null;
    let gone = false;
    setFailed(false);
    loadStripe(publishableKey).then((stripe) => {
      if (gone || !mount.current) return;
      element = stripe.elements().create('card');
      element.on('change', (change) => setProblem(change.error?.message ?? null));
      element.mount(mount.current);
      report.current({ kind: 'stripe', stripe, element });
    }, () => {
      if (!gone) setFailed(true);
    });
    return () => {
      gone = true;
      element?.destroy();
    };
  }, [publishableKey]);
  return (
    <div class={`field${problem ? ' invalid' : ''}`}>
      <span class="label" id={`${id}-label`}>Card</span>
      <div id={id} ref={mount} class="card-element" role="group" aria-labelledby={`${id}-label`} />
      {problem && <p class="field-error">{problem}</p>}
      {failed && <p class="field-error">The card form could not be loaded (Stripe.js is unreachable). Check your connection and reload.</p>}
    </div>
  );
}
