import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { payments } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import type { CurrencyRevenue, Page, ReceivedDonation, ReceivedGift, RevenueReport } from '../../api/types';
import { ChartView } from '../../charts/ChartView';
import { asApiError, FormError } from '../../components/forms';
import { money } from '../../payments/sandbox';
import type { SectionProps } from './Dashboard';

const KIND_NAMES: Record<string, string> = { donation: 'Donations', gift: 'Gifts', subscription: 'Subscriptions' };
const kindName = (kind: string) => KIND_NAMES[kind] ?? kind;

/** What the channel has earned, from the ledger: balances owed now, and each kind of payment over a chosen window. */
export default function RevenueSection({ channel }: SectionProps) {
  const [range, setRange] = useState({ from: '', to: '' });
  const [applied, setApplied] = useState({ from: '', to: '' });
  const [report, setReport] = useState<RevenueReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    setError(null);
    payments.revenue(channel.slug, {
      from: applied.from ? `${applied.from}T00:00:00Z` : undefined,
      to: applied.to ? `${applied.to}T00:00:00Z` : undefined,
    }).then(setReport, (caught) => setError(asApiError(caught)));
  }, [channel.slug, applied, version]);

  return (
    <section aria-labelledby="revenue-title">
      <h2 id="revenue-title">Revenue</h2>
      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); setApplied(range); }} noValidate>
        <FormError error={error} shown={['from', 'to']} />
        <div class={`field${error?.fieldErrors('from').length ? ' invalid' : ''}`}>
          <label for="revenue-from">From (UTC day, optional)</label>
          <input id="revenue-from" type="date" value={range.from} onInput={(e) => setRange({ ...range, from: e.currentTarget.value })}
            aria-describedby={error?.fieldErrors('from').length ? 'revenue-from-error' : undefined} />
          {error?.fieldErrors('from').length ? <p class="field-error" id="revenue-from-error">{error.fieldErrors('from').join(' ')}</p> : null}
        </div>
        <div class={`field${error?.fieldErrors('to').length ? ' invalid' : ''}`}>
          <label for="revenue-to">Until (UTC day, optional)</label>
          <input id="revenue-to" type="date" value={range.to} onInput={(e) => setRange({ ...range, to: e.currentTarget.value })}
            aria-describedby={error?.fieldErrors('to').length ? 'revenue-to-error' : undefined} />
          {error?.fieldErrors('to').length ? <p class="field-error" id="revenue-to-error">{error.fieldErrors('to').join(' ')}</p> : null}
        </div>
        <button type="submit">Show</button>
        <button type="button" onClick={() => setVersion((n) => n + 1)}>Refresh</button>
      </form>
      {!report && !error && <p class="loading" aria-live="polite">Loading revenue…</p>}
      {report && report.currencies.length === 0 && (
        <p class="muted">No payments yet. Viewers donate and send gifts from your channel’s Support tab.</p>
      )}
      {report?.currencies.map((c) => <CurrencyFigures key={c.currency} revenue={c} />)}
      <SupportList title="Donations" testId="donations" version={version} load={(cursor) => payments.donations(channel.slug, cursor)}
        empty="No donations yet."
        render={(d: ReceivedDonation) => (
          <>
            <strong>{d.donor}</strong> gave {money(d.amountCents, d.currency)}{d.message && <> · “{d.message}”</>}
            <Refunded cents={d.refundedCents} of={d.amountCents} currency={d.currency} />
          </>
        )} />
      <SupportList title="Gifts" testId="gifts" version={version} load={(cursor) => payments.gifts(channel.slug, cursor)}
        empty="No gifts yet."
        render={(g: ReceivedGift) => (
          <>
            <strong>{g.gifter}</strong> sent {g.quantity} × {g.giftType}{g.recipient && <> to {g.recipient}</>} ({money(g.amountCents, g.currency)})
            <Refunded cents={g.refundedCents} of={g.amountCents} currency={g.currency} />
            {g.message && <> · “{g.message}”</>}
          </>
        )} />
      {report && report.shares.length > 0 && (
        <p class="muted">
          Your share: {report.shares.map((s) => `${kindName(s.kind).toLowerCase()} ${(s.creatorShareBasisPoints / 100).toFixed(0)} %`
            + (s.creatorBearsFee ? ' (after the card fee)' : '')).join(' · ')}.
        </p>
      )}
    </section>
  );
}

function CurrencyFigures({ revenue }: { revenue: CurrencyRevenue }) {
  const show = (cents: number) => money(cents, revenue.currency);
  const labels = useMemo(() => revenue.byKind.map((k) => kindName(k.kind)), [revenue]);
  const series = useMemo(() => [
    { label: `Gross (${revenue.currency.toUpperCase()})`, values: revenue.byKind.map((k) => k.grossCents / 100), color: '#6fb7ff' },
    { label: `Your share (${revenue.currency.toUpperCase()})`, values: revenue.byKind.map((k) => k.creatorShareCents / 100), color: '#7fe0a8' },
  ], [revenue]);
  return (
    <section aria-label={`Revenue in ${revenue.currency.toUpperCase()}`} class="currency-revenue">
      <dl class="tiles" data-testid={`balance-${revenue.currency.toLowerCase()}`}>
        <div class="tile-figure"><dt>Available to pay out</dt><dd><strong>{show(revenue.availableCents)}</strong></dd></div>
        <div class="tile-figure"><dt>Pending</dt><dd><strong>{show(revenue.pendingCents)}</strong></dd></div>
        <div class="tile-figure"><dt>Gross</dt><dd><strong>{show(revenue.grossCents)}</strong></dd></div>
        <div class="tile-figure"><dt>Card fees</dt><dd><strong>{show(revenue.feeCents)}</strong></dd></div>
        <div class="tile-figure"><dt>Your share</dt><dd><strong>{show(revenue.creatorShareCents)}</strong></dd></div>
      </dl>
      <div class="table-scroll">
        <table aria-label={`Payments by kind, ${revenue.currency.toUpperCase()}`}>
          <thead>
            <tr><th scope="col">Kind</th><th scope="col">Payments</th><th scope="col">Gross</th><th scope="col">Fees</th><th scope="col">Your share</th></tr>
          </thead>
          <tbody>
            {revenue.byKind.map((k) => (
              <tr key={k.kind}>
                <th scope="row">{kindName(k.kind)}</th><td>{k.payments}</td><td>{show(k.grossCents)}</td><td>{show(k.feeCents)}</td>
                <td>{show(k.creatorShareCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {revenue.byKind.length > 0 && <ChartView title={`Revenue by kind (${revenue.currency.toUpperCase()})`} labels={labels} series={series} />}
    </section>
  );
}

/** One kind of support, newest first, a page at a time: who to thank, and for what. */
/** Said of a payment that went back, wholly or in part, so nobody is thanked for money they no longer gave. */
function Refunded({ cents, of, currency }: { cents: number; of: number; currency: string }) {
  if (cents <= 0) return null;
  return <> · <strong class="refunded">{cents >= of ? 'refunded' : `${money(cents, currency)} refunded`}</strong></>;
}

function SupportList<T extends { id: string; completedAt: string }>({ title, testId, version, load, render, empty }: {
  title: string;
  testId: string;
  version: number;
  load: (cursor?: string) => Promise<Page<T>>;
  render: (item: T) => ComponentChildren;
  empty: string;
}) {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fetchPage = (cursor?: string) => {
    setBusy(true);
    setError(null);
    load(cursor).then((page) => {
      setItems((held) => (cursor && held ? [...held, ...page.items] : page.items));
      setNext(page.nextCursor);
    }, (caught) => setError(asApiError(caught))).finally(() => setBusy(false));
  };
  useEffect(() => fetchPage(), [version]);
  return (
    <section aria-labelledby={`${testId}-title`} class="support-list">
      <h3 id={`${testId}-title`}>{title}</h3>
      <FormError error={error} />
      {!items && !error && <p class="loading">Loading…</p>}
      {items && items.length === 0 && <p class="muted">{empty}</p>}
      {items && items.length > 0 && (
        <ol class="plain-list" data-testid={testId}>
          {items.map((item) => (
            <li key={item.id}>
              {render(item)} <time class="muted" dateTime={item.completedAt}>{new Date(item.completedAt).toLocaleString()}</time>
            </li>
          ))}
        </ol>
      )}
      {next && <button type="button" onClick={() => fetchPage(next)} disabled={busy} aria-busy={busy}>Show older</button>}
    </section>
  );
}
