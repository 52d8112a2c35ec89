import { useEffect, useRef, useState } from 'preact/hooks';
import { payments, subscriptions } from '../api/endpoints';
import { ApiError } from '../api/problem';
import { currentUser } from '../api/session';
import {
  SUBSCRIPTION_TIERS, type Checkout, type LiveChannel, type PaymentsConfig, type PurchaseState, type Subscription, type TierOffer,
} from '../api/types';
import { asApiError, Field, FormError, Submit, TextArea } from '../components/forms';
import { type Card, CardField, cardName, confirmCard, firstCard } from '../payments/card';
import { CardRefused, money } from '../payments/sandbox';
import { isEntitled, payFirstInvoice, periodText, tierName } from '../payments/subscriptions';
import { useLocation } from '../router';
import { useStore } from '../store';
import { CommunityGiftForm } from './CommunityGift';

/** How long the page waits for the webhook to complete a confirmed payment before saying it is still on its way. */
const SETTLE_MS = 30_000;

/**
 * The channel's Support tab: a donation, gifts, a subscription or a gifted one, paid with the sandbox's test card; the
 * alert then shows in the chat.
 */
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
        <p><a class="button primary" href={`/login?next=${encodeURIComponent(path)}`}>Sign in to subscribe, donate or send gifts</a></p>
      </section>
    );
  }
  if (error) return <p role="alert">Payments could not be loaded: {error.message}</p>;
  if (!config) return <p class="loading" aria-live="polite">Loading payment options…</p>;
  if (user.id === channel.ownerId) return <p class="muted">This is your channel: viewers support you from this tab.</p>;
  return (
    <section aria-labelledby="support-title" class="support">
      <h2 id="support-title">Support {channel.name}</h2>
      {config.mode === 'sandbox' && (
        <p class="notice">
          Sandbox mode: no real money moves. Pay with a test card; <strong>4242 4242 4242 4242</strong> always pays.
        </p>
      )}
      <div class="support-forms">
        <DonateForm channel={channel} config={config} />
        <GiftForm channel={channel} config={config} />
        <SubscribeForm channel={channel} config={config} />
        <GiftSubscriptionForm channel={channel} config={config} />
        <CommunityGiftForm channel={channel} config={config} />
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
export function usePayment(config: PaymentsConfig) {
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<ApiError | null>(null);
  const held = useRef<{ request: string; key: string } | null>(null);

  const pay = async (request: object, start: (key: string) => Promise<Checkout>, follow: (id: string) => Promise<PurchaseState>,
    card: Card, thanks: (amount: string) => string) => {
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
        setPhase({ kind: 'busy', step: `Paying ${amount} with ${cardName(card)}…` });
        await confirmCard(config, { id: checkout.paymentIntentId, clientSecret: checkout.clientSecret }, card);
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

export function PaymentStatus({ phase }: { phase: Phase }) {
  if (phase.kind === 'busy') return <p role="status" class="muted">{phase.step}</p>;
  if (phase.kind === 'done') return <p role="status" class="form-done">{phase.text}</p>;
  if (phase.kind === 'refused') return <p role="alert" class="form-error">{phase.text}</p>;
  return null;
}

function DonateForm({ channel, config }: { channel: LiveChannel; config: PaymentsConfig }) {
  const [form, setForm] = useState({ amount: '5.00', currency: config.currencies[0] ?? 'usd', message: '', card: firstCard(config) });
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
      <CardField id="donate-card" config={config} value={form.card} onChange={(card) => setForm({ ...form, card })} />
      <Submit busy={busy}>Donate</Submit>
      <PaymentStatus phase={phase} />
    </form>
  );
}

const giftName = (type: string) => type.replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase());

function GiftForm({ channel, config }: { channel: LiveChannel; config: PaymentsConfig }) {
  const [form, setForm] = useState({
    giftType: config.gifts[0]?.giftType ?? '', quantity: '1', recipient: '', message: '', card: firstCard(config),
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
      <CardField id="gift-card" config={config} value={form.card} onChange={(card) => setForm({ ...form, card })} />
      <Submit busy={busy}>Send gifts</Submit>
      <PaymentStatus phase={phase} />
    </form>
  );
}

export function TierChoice({ name, value, onChange, error, tiers }: {
  name: string; value: string; onChange: (tier: string) => void; error: ApiError | null; tiers: TierOffer[];
}) {
  const messages = error?.fieldErrors('tier') ?? [];
  const price = (tier: string) => tiers.find((t) => t.tier === tier);
  return (
    <fieldset class={`field tiers${messages.length ? ' invalid' : ''}`}>
      <legend>Tier</legend>
      {SUBSCRIPTION_TIERS.map((tier) => (
        <label key={tier} class="tier-option">
          <input type="radio" name={name} value={tier} checked={value === tier} onChange={() => onChange(tier)} /> {tierName(tier)}
          {price(tier) && <span class="muted"> · {money(price(tier)!.priceCents, price(tier)!.currency)} a month</span>}
        </label>
      ))}
      {messages.length > 0 && <p class="field-error">{messages.join(' ')}</p>}
    </fieldset>
  );
}

/**
 * A monthly subscription: started at Payments, its first invoice paid with the test card, then followed until the webhook
 * makes it active. Already subscribed, the panel says at which tier and links to where it is managed.
 */
function SubscribeForm({ channel, config }: { channel: LiveChannel; config: PaymentsConfig }) {
  const [mine, setMine] = useState<Subscription | null | undefined>(undefined);
  const [tier, setTier] = useState<string>(SUBSCRIPTION_TIERS[0]);
  const [card, setCard] = useState<Card>(firstCard(config));
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    subscriptions.mine().then(
      (page) => setMine(page.items.find((s) => s.channelId === channel.id && s.status !== 'expired') ?? null),
      (caught) => {
        setError(asApiError(caught));
        setMine(null);
      });
  }, [channel.id]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setPhase({ kind: 'busy', step: 'Starting the subscription…' });
    let started: Subscription;
    try {
      started = await subscriptions.subscribe(channel.slug, tier);
    } catch (caught) {
      const problem = asApiError(caught);
      // One left unpaid (a declined card) is the one to pay now, at the tier first chosen; a paid one is shown as it is.
      const existingId = problem.kind === 'already-subscribed' ? problem.problem.subscriptionId : undefined;
      const existing = typeof existingId === 'string' ? await subscriptions.get(existingId).catch(() => null) : null;
      if (existing?.status !== 'incomplete') {
        if (existing) setMine(existing);
        setError(problem);
        setPhase({ kind: 'idle' });
        return;
      }
      started = existing;
    }
    if (started.status === 'incomplete') {
      try {
        setPhase({ kind: 'busy', step: `Paying the first month of ${tierName(started.tier)} with ${cardName(card)}…` });
        started = await payFirstInvoice(config, started, card);
      } catch (caught) {
        setPhase({ kind: 'refused', text: caught instanceof CardRefused ? `${caught.message} Nothing was charged.` : String(caught) });
        return;
      }
    }
    if (started.status === 'incomplete') {
      setPhase({ kind: 'done', text: 'Your card was charged; the subscription is still being recorded and will show shortly.' });
      return;
    }
    if (!isEntitled(started)) {
      setPhase({ kind: 'refused', text: 'The payment failed; nothing was charged.' });
      return;
    }
    setPhase({ kind: 'done', text: `Thank you! You subscribe to ${channel.name} at ${tierName(started.tier)}.` });
    setMine(started);
  };

  if (mine === undefined) return <p class="loading panel" aria-live="polite">Loading your subscription…</p>;
  if (mine && isEntitled(mine)) {
    return (
      <section class="panel" aria-labelledby="subscribe-title">
        <h3 id="subscribe-title">Subscription</h3>
        <PaymentStatus phase={phase} />
        <p data-testid="my-subscription">
          You subscribe to {channel.name} at <strong>{tierName(mine.tier)}</strong>{mine.gifted ? ' (a gift)' : ''}. {periodText(mine)}.
        </p>
        <p><a href="/subscriptions">Manage subscriptions</a></p>
      </section>
    );
  }
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="subscribe-title">
      <h3 id="subscribe-title">Subscribe</h3>
      <p class="hint">Monthly, renewed until you cancel; subscribers get a badge beside their name in the chat.</p>
      <FormError error={error} shown={['tier']} />
      <TierChoice name="subscribe-tier" value={tier} onChange={setTier} error={error} tiers={config.tiers} />
      <CardField id="subscribe-card" config={config} value={card} onChange={setCard} />
      <Submit busy={phase.kind === 'busy'}>Subscribe</Submit>
      <PaymentStatus phase={phase} />
    </form>
  );
}

/** A month's subscription for a named viewer (giftType sub_<tier>, quantity 1), paid like any gift. */
function GiftSubscriptionForm({ channel, config }: { channel: LiveChannel; config: PaymentsConfig }) {
  const [form, setForm] = useState({ tier: SUBSCRIPTION_TIERS[0] as string, recipient: '', card: firstCard(config) });
  const { phase, error, pay, busy } = usePayment(config);
  // "Already subscribes" names no field, yet it is about the recipient: it is shown there like the other words about them.
  const shown = error?.kind === 'already-subscribed' ? new ApiError({ ...error.problem, field: 'recipientUsername' }) : error;
  const submit = async (event: Event) => {
    event.preventDefault();
    const recipient = form.recipient.trim().replace(/^@/, '');
    const body = {
      channelSlug: channel.slug,
      giftType: `sub_${form.tier}`,
      quantity: 1,
      recipientUsername: recipient || undefined,
      streamId: channel.liveStream?.id,
    };
    const paid = await pay(body, (key) => payments.gift(body, key), payments.giftPurchase, form.card,
      (amount) => `Thank you! ${recipient} now has a month of ${tierName(form.tier)} on ${channel.name} (${amount}).`);
    if (paid) setForm({ ...form, recipient: '' });
  };
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="gift-sub-title">
      <h3 id="gift-sub-title">Gift a subscription</h3>
      <p class="hint">One month for a viewer who does not subscribe yet; it does not renew.</p>
      <FormError error={shown} shown={['recipientUsername']} />
      <TierChoice name="gift-sub-tier" value={form.tier} onChange={(tier) => setForm({ ...form, tier })} error={null}
        tiers={config.tiers} />
      <Field label="For (username)" name="recipientUsername" id="gift-sub-recipient" value={form.recipient} error={shown}
        autocomplete="off" onInput={(e) => setForm({ ...form, recipient: e.currentTarget.value })} />
      <CardField id="gift-sub-card" config={config} value={form.card} onChange={(card) => setForm({ ...form, card })} />
      <Submit busy={busy}>Gift subscription</Submit>
      <PaymentStatus phase={phase} />
    </form>
  );
}
