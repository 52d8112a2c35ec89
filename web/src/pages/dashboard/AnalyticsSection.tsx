import { useEffect, useMemo, useState } from 'preact/hooks';
import { analytics, channels } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import type { AnalyticsSummary, Broadcast, BroadcastAnalytics, ChannelAnalytics, MetricChange } from '../../api/types';
import { ChartView } from '../../charts/ChartView';
import { asApiError } from '../../components/forms';
import { duration } from '../../viewer';
import type { SectionProps } from './Dashboard';

type Period = '7d' | '30d' | '90d';
const DAYS: Record<Period, number> = { '7d': 7, '30d': 30, '90d': 90 };
/** A broadcast's figures appear shortly after its facts are rolled up: look again this often until they do. */
const PENDING_CHECK_MS = 5_000;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const shortDay = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const hourLabel = (iso: string) => new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** The channel's audience over time (summary against the period before, daily charts) and each broadcast's hour-by-hour figures. */
export default function AnalyticsSection({ channel }: SectionProps) {
  const [period, setPeriod] = useState<Period>('30d');
  const [summary, setSummary] = useState<AnalyticsSummary | null>(null);
  const [daily, setDaily] = useState<ChannelAnalytics | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const to = new Date();
    const from = new Date(to.getTime() - (DAYS[period] - 1) * 86_400_000);
    setError(null);
    Promise.all([analytics.summary(channel.slug, period), analytics.daily(channel.slug, isoDay(from), isoDay(to))]).then(([s, d]) => {
      setSummary(s);
      setDaily(d);
    }, (caught) => setError(asApiError(caught)));
  }, [channel.slug, period]);

  const labels = useMemo(() => daily?.days.map((d) => shortDay(d.date)) ?? [], [daily]);
  const audience = useMemo(() => daily ? [
    { label: 'Minutes watched', values: daily.days.map((d) => d.minutesWatched), color: '#8b6cff' },
    { label: 'Peak viewers', values: daily.days.map((d) => d.peakViewers), color: '#7fe0a8', kind: 'line' as const },
  ] : [], [daily]);
  const engagement = useMemo(() => daily ? [
    { label: 'Chat messages', values: daily.days.map((d) => d.chatMessages), color: '#6fb7ff' },
    { label: 'New followers', values: daily.days.map((d) => d.newFollowers), color: '#ffcf70', kind: 'line' as const },
  ] : [], [daily]);

  return (
    <section aria-labelledby="analytics-title">
      <h2 id="analytics-title">Analytics</h2>
      <div class="field narrow-field">
        <label for="analytics-period">Period</label>
        <select id="analytics-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as Period)}>
          <option value="7d">Last 7 days</option>
          <option value="30d">Last 30 days</option>
          <option value="90d">Last 90 days</option>
        </select>
      </div>
      {error && <p role="alert">{error.message}</p>}
      {!summary && !error && <p class="loading" aria-live="polite">Loading figures…</p>}
      {summary && <SummaryTiles summary={summary} />}
      {daily && (
        <div class="charts">
          <ChartView title="Audience by day (UTC)" labels={labels} series={audience} testId="audience-chart" />
          <ChartView title="Chat and follows by day (UTC)" labels={labels} series={engagement} />
        </div>
      )}
      <Broadcasts slug={channel.slug} liveId={channel.liveStream?.id ?? null} />
    </section>
  );
}

function Change({ metric }: { metric: MetricChange }) {
  if (metric.change === 0) return <span class="muted">no change</span>;
  const up = metric.change > 0;
  return (
    <span class={up ? 'up' : 'down'}>
      {up ? '▲' : '▼'} {metric.changePercent != null ? `${Math.abs(metric.changePercent).toFixed(0)} %` : Math.abs(metric.change).toLocaleString()}
      <span class="visually-hidden"> {up ? 'more' : 'less'} than the period before</span>
    </span>
  );
}

function SummaryTiles({ summary }: { summary: AnalyticsSummary }) {
  const t = summary.totals;
  const tiles: [string, MetricChange, string][] = [
    ['Broadcasts', t.broadcasts, t.broadcasts.current.toLocaleString()],
    ['Hours streamed', t.hoursStreamed, t.hoursStreamed.current.toLocaleString()],
    ['Minutes watched', t.minutesWatched, t.minutesWatched.current.toLocaleString()],
    ['Average viewers', t.averageViewers, t.averageViewers.current.toLocaleString()],
    ['Peak viewers', t.peakViewers, t.peakViewers.current.toLocaleString()],
    ['Unique viewers', t.uniqueViewers, t.uniqueViewers.current.toLocaleString()],
    ['Chat messages', t.chatMessages, t.chatMessages.current.toLocaleString()],
    ['New followers', t.newFollowers, t.newFollowers.current.toLocaleString()],
    ['Donations', t.donations, t.donations.current.toLocaleString()],
    ['Gifts', t.gifts, t.gifts.current.toLocaleString()],
  ];
  return (
    <dl class="tiles" aria-label={`Summary, ${summary.from} to ${summary.to}`}>
      {tiles.map(([label, metric, shown]) => (
        <div class="tile-figure" key={label}>
          <dt>{label}</dt>
          <dd><strong>{shown}</strong> <Change metric={metric} /></dd>
        </div>
      ))}
    </dl>
  );
}

function Broadcasts({ slug, liveId }: { slug: string; liveId: string | null }) {
  const [list, setList] = useState<Broadcast[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([channels.streams(slug, 'live'), channels.streams(slug, 'ended')]).then(([live, ended]) => {
      const all = [...live.items, ...ended.items];
      setList(all);
      setChosen((current) => current ?? all[0]?.id ?? null);
    }, () => setList([]));
  }, [slug, liveId]);
  if (!list) return null;
  return (
    <section aria-labelledby="broadcast-title" class="broadcast-analytics">
      <h3 id="broadcast-title">Broadcasts</h3>
      {list.length === 0 ? <p class="muted">No broadcasts yet: figures appear here once you have gone live.</p> : (
        <>
          <div class="field narrow-field">
            <label for="broadcast-choice">Broadcast</label>
            <select id="broadcast-choice" value={chosen ?? ''} onChange={(e) => setChosen(e.currentTarget.value)}>
              {list.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.title} · {b.startedAt ? new Date(b.startedAt).toLocaleString() : 'not started'}{b.status === 'live' ? ' (live)' : ''}
                </option>
              ))}
            </select>
          </div>
          {chosen && <BroadcastFigures key={chosen} broadcast={list.find((b) => b.id === chosen)!} />}
        </>
      )}
    </section>
  );
}

function BroadcastFigures({ broadcast }: { broadcast: Broadcast }) {
  const [figures, setFigures] = useState<BroadcastAnalytics | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    analytics.broadcast(broadcast.id).then((found) => {
      setFigures(found);
      setPending(false);
    }, (caught) => {
      const problem = asApiError(caught);
      if (problem.status === 404) setPending(true);
      else setError(problem);
    });
  }, [broadcast.id, version]);
  // Not counted yet (just started), still live, or ended without Analytics having counted its end
  // (its events arrive a little after Streaming's): read again shortly.
  const counting = pending || broadcast.status === 'live' || (figures !== null && figures.totals.endedAt === null);
  useEffect(() => {
    if (!counting) return;
    const timer = window.setTimeout(() => setVersion((n) => n + 1), PENDING_CHECK_MS);
    return () => window.clearTimeout(timer);
  }, [counting, version]);

  const labels = useMemo(() => figures?.hours.map((h) => hourLabel(h.hour)) ?? [], [figures]);
  const series = useMemo(() => figures ? [
    { label: 'Average viewers', values: figures.hours.map((h) => h.averageViewers), color: '#8b6cff' },
    { label: 'Peak viewers', values: figures.hours.map((h) => h.peakViewers), color: '#7fe0a8', kind: 'line' as const },
    { label: 'Chat messages', values: figures.hours.map((h) => h.chatMessages), color: '#6fb7ff', kind: 'line' as const },
  ] : [], [figures]);

  if (error) return <p role="alert">{error.message}</p>;
  if (pending && !figures) return <p role="status" class="muted">The figures for “{broadcast.title}” are being counted; they appear here in a moment.</p>;
  if (!figures) return <p class="loading">Loading…</p>;
  const t = figures.totals;
  return (
    <div data-testid="broadcast-figures">
      <h4>{broadcast.title}</h4>
      <dl class="tiles">
        <div class="tile-figure"><dt>Streamed</dt><dd><strong>{duration(t.minutesStreamed * 60)}</strong></dd></div>
        <div class="tile-figure"><dt>Peak viewers</dt><dd><strong>{t.peakViewers}</strong></dd></div>
        <div class="tile-figure"><dt>Average viewers</dt><dd><strong>{t.averageViewers}</strong></dd></div>
        <div class="tile-figure"><dt>Unique viewers</dt><dd><strong>{t.uniqueViewers}</strong></dd></div>
        <div class="tile-figure"><dt>Minutes watched</dt><dd><strong>{t.minutesWatched}</strong></dd></div>
        <div class="tile-figure"><dt>Chat messages</dt><dd><strong>{t.chatMessages}</strong></dd></div>
        <div class="tile-figure"><dt>Donations</dt><dd><strong>{t.donations}</strong></dd></div>
        <div class="tile-figure"><dt>Gifts</dt><dd><strong>{t.gifts}</strong></dd></div>
      </dl>
      <ChartView title={`“${broadcast.title}” hour by hour`} labels={labels} series={series} testId="broadcast-chart" />
    </div>
  );
}
