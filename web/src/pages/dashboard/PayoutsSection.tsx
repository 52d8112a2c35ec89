import { useEffect, useState } from 'preact/hooks';
import { payouts } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import type { Payout, PayoutAccount } from '../../api/types';
import { asApiError, FormError } from '../../components/forms';
import { money } from '../../payments/sandbox';
import type { SectionProps } from './Dashboard';

/** Set while the creator is away at Stripe's onboarding, so the page they return to waits for Stripe's verdict. */
const ONBOARDING_MARK = 'aethex.payout-onboarding';
/** Stripe tells Payments by webhook that onboarding finished; how long a returning page keeps asking before it shows what it has. */
const SETTLE_MS = 30_000;

/** Where the signed-in creator's earnings go, and every payout sent there. Payouts belong to the person, across their channels. */
export default function PayoutsSection({ channel }: SectionProps) {
  return (
    <section aria-labelledby="payouts-title">
      <h2 id="payouts-title">Payouts</h2>
      <p class="hint">
        Earnings that are available (see Revenue) are paid to your Stripe account each month, for all your channels, once they reach
        the minimum; a smaller balance rolls over to the next month.
      </p>
      <PayoutAccountPanel />
      <PayoutHistory current={channel.slug} />
    </section>
  );
}

type AccountState = { kind: 'loading' } | { kind: 'none' } | { kind: 'found'; account: PayoutAccount } | { kind: 'error'; error: ApiError };

function describe(account: PayoutAccount): { title: string; detail: string; action: string | null } {
  if (account.payoutsEnabled) {
    return { title: 'Ready: payouts are enabled.', detail: 'Your earnings are paid to your Stripe account.', action: null };
  }
  if (account.detailsSubmitted) {
    return {
      title: 'Waiting for Stripe: payouts are not enabled yet.',
      detail: 'Stripe is checking your details or needs more of them; continue onboarding to see what is missing.',
      action: 'Continue onboarding',
    };
  }
  return {
    title: 'Onboarding not finished: payouts are not enabled.',
    detail: 'Stripe still needs your details and bank account before it can pay you.',
    action: 'Continue onboarding',
  };
}

/** The creator's payout account in words, and the way to Stripe's onboarding (to start it, or to finish it). */
export function PayoutAccountPanel() {
  const [state, setState] = useState<AccountState>({ kind: 'loading' });
  const [checking, setChecking] = useState(false);
  const [connecting, setConnecting] = useState(false);
  const [connectError, setConnectError] = useState<ApiError | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = () => payouts.account().then(
      (account): AccountState => ({ kind: 'found', account }),
      (caught): AccountState => {
        const error = asApiError(caught);
        return error.status === 404 ? { kind: 'none' } : { kind: 'error', error };
      });
    (async () => {
      let found = await load();
      const mark = Number(sessionStorage.getItem(ONBOARDING_MARK) ?? 0);
      if (mark && Date.now() - mark < 60 * 60_000) {
        // Back from Stripe: the webhook that enables payouts may still be on its way.
        setChecking(true);
        const deadline = Date.now() + SETTLE_MS;
        while (!stopped && Date.now() < deadline && !(found.kind === 'found' && found.account.payoutsEnabled)) {
          await new Promise((resolve) => window.setTimeout(resolve, 1_500));
          found = await load();
        }
        sessionStorage.removeItem(ONBOARDING_MARK);
      }
      if (!stopped) {
        setChecking(false);
        setState(found);
      }
    })();
    return () => {
      stopped = true;
    };
  }, []);

  const onboard = async () => {
    setConnectError(null);
    setConnecting(true);
    try {
      const { onboardingUrl } = await payouts.connect();
      sessionStorage.setItem(ONBOARDING_MARK, String(Date.now()));
      window.location.assign(onboardingUrl);
    } catch (caught) {
      setConnectError(asApiError(caught));
      setConnecting(false);
    }
  };

  if (state.kind === 'loading') {
    return (
      <p class="loading" role="status" aria-live="polite">
        {checking ? 'Checking with Stripe whether your onboarding is complete…' : 'Loading your payout account…'}
      </p>
    );
  }
  if (state.kind === 'error') return <div class="panel"><FormError error={state.error} /></div>;
  const words = state.kind === 'none'
    ? { title: 'Not set up: you have no payout account yet.', detail: 'Connect a Stripe account to be paid what your channels earn.',
      action: 'Set up payouts' }
    : describe(state.account);
  return (
    <section class="panel" aria-labelledby="payout-account-title" data-testid="payout-account">
      <h3 id="payout-account-title">Payout account</h3>
      <p role="status"><strong>{words.title}</strong> {words.detail}</p>
      {state.kind === 'found' && <p class="muted">Stripe account {state.account.stripeAccountId}</p>}
      {words.action && (
        <>
          <p class="hint" id="payout-onboarding-hint">You continue at Stripe, which brings you back to your creator dashboard.</p>
          <button type="button" class="primary" onClick={onboard} disabled={connecting} aria-busy={connecting}
            aria-describedby="payout-onboarding-hint">
            {connecting ? 'Opening Stripe…' : words.action}
          </button>
        </>
      )}
      <FormError error={connectError} />
    </section>
  );
}

const STATUS_NAMES: Record<string, string> = { pending: 'On its way', paid: 'Paid', failed: 'Failed' };

/** Stripe's payout failure codes, in words a creator can act on. */
const FAILURE_REASONS: Record<string, string> = {
  account_closed: 'the bank account is closed',
  account_frozen: 'the bank account is frozen',
  bank_account_restricted: 'the bank account does not accept this payout',
  could_not_process: 'the bank could not process it',
  declined: 'the bank declined it',
  insufficient_funds: 'the payout account had insufficient funds',
  invalid_account_number: 'the account number is not valid',
  incorrect_account_holder_name: 'the account holder’s name does not match',
  no_account: 'the bank account does not exist',
};

const failureReason = (code: string) => FAILURE_REASONS[code] ?? code.replace(/_/g, ' ');

const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC' });

/** Every payout to the creator, newest first, a page at a time. */
function PayoutHistory({ current }: { current: string }) {
  const [items, setItems] = useState<Payout[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fetchPage = (cursor?: string) => {
    setBusy(true);
    setError(null);
    payouts.list(cursor).then((page) => {
      setItems((held) => (cursor && held ? [...held, ...page.items] : page.items));
      setNext(page.nextCursor);
    }, (caught) => setError(asApiError(caught))).finally(() => setBusy(false));
  };
  useEffect(() => fetchPage(), []);

  return (
    <section aria-labelledby="payout-history-title" class="support-list">
      <h3 id="payout-history-title">Payout history</h3>
      <FormError error={error} />
      {!items && !error && <p class="loading">Loading payouts…</p>}
      {items && items.length === 0 && (
        <p class="muted" data-testid="no-payouts">No payouts yet. Your first comes in the month after your available balance reaches the minimum.</p>
      )}
      {items && items.length > 0 && (
        <div class="table-scroll">
          <table aria-label="Payouts" data-testid="payouts">
            <thead>
              <tr>
                <th scope="col">Date</th><th scope="col">Channel</th><th scope="col">Period</th><th scope="col">Amount</th>
                <th scope="col">Currency</th><th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <td><time dateTime={p.createdAt}>{new Date(p.createdAt).toLocaleDateString()}</time></td>
                  <td>{p.channelSlug ? <a href={`/me/channels/${p.channelSlug}/payouts`}>{p.channelSlug}</a> : 'a deleted channel'}
                    {p.channelSlug === current && <span class="muted"> (this one)</span>}</td>
                  <td>{p.periodStart ? `${day(p.periodStart)} – ${day(p.periodEnd)}` : `until ${day(p.periodEnd)}`}</td>
                  <td>{money(p.amountCents, p.currency)}</td>
                  <td>{p.currency.toUpperCase()}</td>
                  <td>
                    {STATUS_NAMES[p.status] ?? p.status}
                    {p.status === 'failed' && (
                      <> — {p.failureCode ? failureReason(p.failureCode) : 'no reason given'}; the amount is back in your balance</>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && <button type="button" onClick={() => fetchPage(next)} disabled={busy} aria-busy={busy}>Show older</button>}
    </section>
  );
}
