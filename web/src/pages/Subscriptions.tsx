import { useEffect, useState } from 'preact/hooks';
import { payments, subscriptions } from '../api/endpoints';
import type { ApiError } from '../api/problem';
import { SUBSCRIPTION_TIERS, type Subscription, type TierOffer } from '../api/types';
import { asApiError, FormError, useSubmit } from '../components/forms';
import { RequireSignIn } from '../components/RequireSignIn';
import { money } from '../payments/sandbox';
import { isEntitled, periodText, tierName } from '../payments/subscriptions';

/** The signed-in viewer's subscriptions: which channels, at which tier, until when; change the tier or stop renewing. */
export default function Subscriptions() {
  useEffect(() => {
    document.title = 'Subscriptions · AeThex LIVE';
  }, []);
  return <RequireSignIn what="manage your subscriptions">{() => <SubscriptionList />}</RequireSignIn>;
}

function SubscriptionList() {
  const [items, setItems] = useState<Subscription[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Prices only label the tier choice: without them (Stripe not answering) the names still do.
  const [tiers, setTiers] = useState<TierOffer[]>([]);
  useEffect(() => {
    payments.config().then((config) => setTiers(config.tiers), () => setTiers([]));
  }, []);
  const load = (cursor?: string) =>
    subscriptions.mine(cursor).then((page) => {
      setItems((current) => [...(cursor ? current ?? [] : []), ...page.items]);
      setNext(page.nextCursor);
    }, (caught) => setError(asApiError(caught)));
  useEffect(() => void load(), []);
  const replace = (changed: Subscription) => setItems((current) => current?.map((s) => (s.id === changed.id ? changed : s)) ?? null);

  // Unpaid starts that were never completed say nothing useful to the subscriber.
  const shown = items?.filter((s) => s.status !== 'incomplete') ?? [];
  return (
    <section>
      <h1>Subscriptions</h1>
      {error && <p class="form-error" role="alert">{error.message}</p>}
      {items === null && !error && <p class="loading" aria-live="polite">Loading…</p>}
      {items !== null && shown.length === 0 && <p class="muted">You subscribe to no channel. Subscribe from a channel’s Support tab.</p>}
      {shown.length > 0 && (
        <ul class="subscriptions" aria-label="Your subscriptions">
          {shown.map((s) => <SubscriptionRow key={s.id} subscription={s} tiers={tiers} onChanged={replace} />)}
        </ul>
      )}
      {next && <button type="button" onClick={() => void load(next)}>Show older</button>}
    </section>
  );
}

function SubscriptionRow({ subscription: s, tiers, onChanged }: {
  subscription: Subscription; tiers: TierOffer[]; onChanged: (s: Subscription) => void;
}) {
  const [tier, setTier] = useState(s.tier);
  const [confirming, setConfirming] = useState(false);
  const { busy, error, done, run } = useSubmit();
  const channel = s.channelSlug ?? 'A channel';
  const manageable = isEntitled(s) && !s.gifted;

  const changeTier = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const changed = await subscriptions.changeTier(s.id, tier);
      onChanged(changed);
      return `Now ${tierName(changed.tier)}; the difference is settled on your card.`;
    });
  };
  const cancel = () => void run(async () => {
    const changed = await subscriptions.cancel(s.id);
    setConfirming(false);
    onChanged(changed);
    return `Cancelled: it will not renew. ${periodText(changed)}.`;
  });

  return (
    <li class="panel subscription" aria-label={`Subscription to ${channel}`}>
      <h2>{s.channelSlug ? <a href={`/${s.channelSlug}`}>{s.channelSlug}</a> : channel}</h2>
      <p>
        <span class={`sub-badge tier-${s.tier}`}>{tierName(s.tier)}</span>{' '}
        <span data-testid="subscription-period">{periodText(s)}</span>
        {s.status === 'past_due' && <span class="badge warning">Payment failed, retrying</span>}
        {s.gifted && <span class="muted"> · a gift, it does not renew</span>}
      </p>
      <FormError error={error} shown={['tier']} />
      {error?.fieldErrors('tier').length ? <p class="field-error">{error.fieldErrors('tier').join(' ')}</p> : null}
      {done && <p class="form-done" role="status">{done}</p>}
      {manageable && (
        <form class="inline-fields" onSubmit={changeTier}>
          <div class="field">
            <label for={`tier-${s.id}`}>Change tier</label>
            <select id={`tier-${s.id}`} value={tier} onChange={(e) => setTier(e.currentTarget.value)}>
              {SUBSCRIPTION_TIERS.map((t) => {
                const price = tiers.find((offer) => offer.tier === t);
                return <option key={t} value={t}>{tierName(t)}{price && ` · ${money(price.priceCents, price.currency)} a month`}</option>;
              })}
            </select>
          </div>
          <button type="submit" disabled={busy || tier === s.tier}>Change tier</button>
        </form>
      )}
      {manageable && s.autoRenew && !confirming && (
        <button type="button" onClick={() => setConfirming(true)}>Cancel subscription</button>
      )}
      {manageable && s.autoRenew && confirming && (
        <div role="group" aria-label="Confirm cancelling" class="confirm">
          <p>Stop renewing? You keep your {tierName(s.tier)} subscription until {periodText(s).replace(/^Renews on /, '')}.</p>
          <button type="button" class="danger" disabled={busy} onClick={cancel}>Yes, cancel at period end</button>{' '}
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>Keep it</button>
        </div>
      )}
    </li>
  );
}
