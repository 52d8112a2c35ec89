import { useEffect, useRef, useState } from 'preact/hooks';
import { payments } from '../api/endpoints';
import type { ApiError } from '../api/problem';
import { currentUser } from '../api/session';
import type { Checkout, LiveChannel, PaymentsConfig, PurchaseState } from '../api/types';
import { asApiError, Field, FormError, Submit, TextArea } from '../components/forms';
import { CardRefused, confirmInSandbox, money, TEST_CARDS } from '../payments/sandbox';
import { useLocation } from '../router';
import { useStore } from '../store';

/** How long the page waits for the webhook to complete a confirmed payment before saying it is still on its way. */
const SETTLE_MS = 30_000;

/** The channel's Support tab: a donation or gifts, paid with the sandbox's test card; the alert then shows in the chat. */
export default function Support({ channel }: { channel: LiveChannel }) {
  const user = useStore(currentUser);
  const { path } = useLocation();
  const [config, setConfig] = useState<PaymentsConfig | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    payments.config().then(setConfig, (caught) => setError(asApiError(caught)));
  }, []);

  if (!user) {
    return (
      <section aria-labelledby="support-title">
        <h2 id="support-title">Support {channel.name}</h2>
        <p><a class="button primary" href={`/login?next=${encodeURIComponent(path)}`}>Sign in to donate or send gifts</a></p>
      </section>
    );
  }
  if (error) return <p role="alert">Payments could not be loaded: {error.message}</p>;
  if (!config) return <p class="loading" aria-live="polite">Loading payment options…</p>;
  if (user.id === channel.ownerId) return <p class="muted">This is your channel: viewers support you from this tab.</p>;
  if (config.mode !== 'sandbox') {
    return <p role="alert">Card payments need Stripe.js, which this build of the app does not load; support is available in sandbox mode only.</p>;
  }
  return (
    <section aria-labelledby="support-title" class="support">
      <h2 id="support-title">Support {channel.name}</h2>
      <p class="notice">
        Sandbox mode: no real money moves. Pay with a test card; <strong>4242 4242 4242 4242</strong> always pays.
      </p>
      <div class="support-forms">
        <DonateForm channel={channel} config={config} />
        <GiftForm channel={channel} config={config} />
      </div>
    </section>
  );
}

type Phase = { kind: 'idle' } | { kind: 'busy'; step: string } | { kind: 'done'; text: string } | { kind: 'refused'; text: string };

/**
 * One payment from start to settled: start it at Payments (one Idempotency-Key per distinct
 * request, kept for a retry after a timeout so nothing is charged twice), confirm the intent at the
 * sandbox with the card, then wait for the webhook to complete it.
 */
function usePayment(config: PaymentsConfig) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<ApiError | null>(null);
  const held = useRef<{ request: string; key: string } | null>(null);

  const pay = async (request: object, start: (key: string) => Promise<Checkout>, follow: (id: string) => Promise<PurchaseState>,
    card: string, thanks: (amount: string) => string) => {
    const fingerprint = JSON.stringify(request);
    if (held.current?.request !== fingerprint) held.current = { request: fingerprint, key: crypto.randomUUID() };
    setError(null);
    setPhase({ kind: 'busy', step: 'Starting the payment…' });
    let checkout: Checkout;
    try {
      checkout = await start(held.current.key);
    } catch (caught) {
      const problem = asApiError(caught);
      // Only an unanswered request may be repeated with its key; a refusal needs a changed request anyway.
      if (![0, 502, 503, 504].includes(problem.status)) held.current = null;
      setError(problem);
      setPhase({ kind: 'idle' });
      return false;
    }
    held.current = null;
    const amount = money(checkout.amountCents, checkout.currency);
    if (checkout.status !== 'completed') {
      if (!checkout.clientSecret || !checkout.paymentIntentId) {
        setPhase({ kind: 'refused', text: 'The payment could not be started; nothing was charged. Try again.' });
        return false;
      }
      try {
        setPhase({ kind: 'busy', step: `Paying ${amount} with the test card…` });
        await confirmInSandbox(config, checkout.paymentIntentId, checkout.clientSecret, card);
      } catch (caught) {
        setPhase({ kind: 'refused', text: caught instanceof CardRefused ? `${caught.message} Nothing was charged.` : String(caught) });
        return false;
      }
      setPhase({ kind: 'busy', step: 'Waiting for the payment to be confirmed…' });
      const deadline = Date.now() + SETTLE_MS;
      let state: PurchaseState | null = null;
      while (Date.now() < deadline) {
        state = await follow(checkout.id).catch(() => null);
        if (state && state.status !== 'pending') break;
        await new Promise((resolve) => window.setTimeout(resolve, 700));
      }
      if (state?.status === 'failed') {
        setPhase({ kind: 'refused', text: 'The payment failed; nothing was charged.' });
        return false;
      }
      if (state?.status !== 'completed') {
        setPhase({ kind: 'done', text: `Your card was charged ${amount}; the payment is still being recorded and will show shortly.` });
        return true;
      }
    }
    setPhase({ kind: 'done', text: thanks(amount) });
    return true;
  };
  return { phase, error, pay, busy: phase.kind === 'busy' };
}

function PaymentStatus({ phase }: { phase: Phase }) {
  if (phase.kind === 'busy') return <p role="status" class="muted">{phase.step}</p>;
  if (phase.kind === 'done') return <p role="status" class="form-done">{phase.text}</p>;
  if (phase.kind === 'refused') return <p role="alert" class="form-error">{phase.text}</p>;
  return null;
}

function CardChoice({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <div class="field">
      <label for={id}>Test card</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {TEST_CARDS.map((card) => <option key={card.paymentMethod} value={card.paymentMethod}>{card.label}</option>)}
      </select>
    </div>
  );
}

function DonateForm({ channel, config }: { channel: LiveChannel; config: PaymentsConfig }) {
  const [form, setForm] = useState({ amount: '5.00', currency: config.currencies[0] ?? 'usd', message: '', card: TEST_CARDS[0].paymentMethod as string });
  const { phase, error, pay, busy } = usePayment(config);
  const submit = async (event: Event) => {
    event.preventDefault();
    const amount = Number(form.amount.replace(',', '.'));
    // An unreadable amount goes as 0, so the API's own rule ("amountCents is required, 100–…") is what the person reads.
    const body = {
      amountCents: Number.isFinite(amount) ? Math.round(amount * 100) : 0,
      currency: form.currency,
      message: form.message.trim() || undefined,
      streamId: channel.liveStream?.id,
    };
    const paid = await pay(body, (key) => payments.donate(channel.slug, body, key), payments.donation, form.card,
      (money) => `Thank you! Your donation of ${money} to ${channel.name} went through.`);
    if (paid) setForm({ ...form, message: '' });
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="donate-title">
      <h3 id="donate-title">Donate</h3>
      <FormError error={error} shown={['amountCents', 'currency', 'message']} />
      <div class="inline-fields">
        <Field label="Amount" name="amountCents" inputMode="decimal" value={form.amount} error={error} id="donate-amount"
          hint={`${money(config.minimumCents, form.currency)} to ${money(config.maximumCents, form.currency)}`}
          onInput={(e) => setForm({ ...form, amount: e.currentTarget.value })} />
        <div class="field">
          <label for="donate-currency">Currency</label>
          <select id="donate-currency" value={form.currency} onChange={(e) => setForm({ ...form, currency: e.currentTarget.value })}>
            {config.currencies.map((c) => <option key={c} value={c}>{c.toUpperCase()}</option>)}
          </select>
        </div>
      </div>
      <TextArea label="Message (optional, shown in the chat)" name="message" id="donate-message" rows={2} value={form.message} error={error}
        onInput={(e) => setForm({ ...form, message: e.currentTarget.value })} />
      <CardChoice id="donate-card" value={form.card} onChange={(card) => setForm({ ...form, card })} />
      <Submit busy={busy}>Donate</Submit>
      <PaymentStatus phase={phase} />
    </form>
  );
}

const giftName = (type: string) => type.replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase());

function GiftForm({ channel, config }: { channel: LiveChannel; config: PaymentsConfig }) {
  const [form, setForm] = useState({
    giftType: config.gifts[0]?.giftType ?? '', quantity: '1', recipient: '', message: '', card: TEST_CARDS[0].paymentMethod as string,
  });
  const { phase, error, pay, busy } = usePayment(config);
  if (config.gifts.length === 0) return null;
  const offer = config.gifts.find((g) => g.giftType === form.giftType);
  const quantity = Number.parseInt(form.quantity, 10);
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      channelSlug: channel.slug,
      giftType: form.giftType,
      quantity: Number.isFinite(quantity) ? quantity : 0,
      recipientUsername: form.recipient.trim() || undefined,
      message: form.message.trim() || undefined,
      streamId: channel.liveStream?.id,
    };
    const paid = await pay(body, (key) => payments.gift(body, key), payments.giftPurchase, form.card,
      (money) => `Thank you! Your gift (${money}) to ${body.recipientUsername ?? channel.name} went through.`);
    if (paid) setForm({ ...form, message: '', quantity: '1' });
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="gift-title">
      <h3 id="gift-title">Send gifts</h3>
      <FormError error={error} shown={['giftType', 'quantity', 'recipientUsername', 'message']} />
      <div class="inline-fields">
        <div class={`field${error?.fieldErrors('giftType').length ? ' invalid' : ''}`}>
          <label for="gift-type">Gift</label>
          <select id="gift-type" value={form.giftType} onChange={(e) => setForm({ ...form, giftType: e.currentTarget.value })}>
            {config.gifts.map((g) => (
              <option key={g.giftType} value={g.giftType}>{giftName(g.giftType)} · {money(g.priceCents, config.giftCurrency)}</option>
            ))}
          </select>
          {error?.fieldErrors('giftType').length ? <p class="field-error">{error.fieldErrors('giftType').join(' ')}</p> : null}
        </div>
        <Field label="How many" name="quantity" id="gift-quantity" inputMode="numeric" value={form.quantity} error={error}
          hint={offer && Number.isFinite(quantity) && quantity > 0 ? `Total ${money(offer.priceCents * quantity, config.giftCurrency)}` : undefined}
          onInput={(e) => setForm({ ...form, quantity: e.currentTarget.value })} />
      </div>
      <Field label="For a viewer (optional username; the channel otherwise)" name="recipientUsername" id="gift-recipient"
        value={form.recipient} error={error} onInput={(e) => setForm({ ...form, recipient: e.currentTarget.value })} />
      <TextArea label="Gift message (optional)" name="message" id="gift-message" rows={2} value={form.message} error={error}
        onInput={(e) => setForm({ ...form, message: e.currentTarget.value })} />
      <CardChoice id="gift-card" value={form.card} onChange={(card) => setForm({ ...form, card })} />
      <Submit busy={busy}>Send gifts</Submit>
      <PaymentStatus phase={phase} />
    </form>
  );
}
