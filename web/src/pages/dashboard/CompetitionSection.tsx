import { useEffect, useState } from 'preact/hooks';
import { competition } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import { currentUser } from '../../api/session';
import type { Leaderboard, LeaderboardEntries, TournamentSummary } from '../../api/types';
import { asApiError, Field, FormError, Submit, useSubmit } from '../../components/forms';
import { navigate } from '../../router';
import { useStore } from '../../store';
import { FORMAT_NAMES } from '../competition/TournamentPage';
import type { SectionProps } from './Dashboard';

const KIND_NAMES: Record<string, string> = { top_supporters: 'Top supporters', top_chatters: 'Top chatters', custom: 'Scores' };
const PERIOD_NAMES: Record<string, string> = { weekly: 'weekly', monthly: 'monthly', all_time: 'all time' };

/** The channel's leaderboards (built-in and its own) with their leaders, and the tournaments this creator organises. */
export default function CompetitionSection({ channel }: SectionProps) {
  return (
    <section aria-labelledby="competition-title">
      <h2 id="competition-title">Leaderboards &amp; tournaments</h2>
      <Leaderboards slug={channel.slug} />
      <Tournaments />
    </section>
  );
}

function Leaderboards({ slug }: { slug: string }) {
  const [boards, setBoards] = useState<Leaderboard[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const [form, setForm] = useState({ name: '', game: '', period: 'weekly', scoreMode: 'best' });
  const create = useSubmit();
  useEffect(() => {
    competition.leaderboards(slug).then((page) => setBoards(page.items), (caught) => setError(asApiError(caught)));
  }, [slug, version]);
  const submit = (event: Event) => create.run(async () => {
    event.preventDefault();
    await competition.createLeaderboard({ name: form.name.trim(), game: form.game.trim() || undefined, period: form.period, scoreMode: form.scoreMode, channelSlug: slug });
    setForm({ ...form, name: '', game: '' });
    setVersion((n) => n + 1);
    return 'The leaderboard is ready for scores.';
  });
  return (
    <section aria-labelledby="boards-title">
      <h3 id="boards-title">Leaderboards</h3>
      {error && <p role="alert">{error.message}</p>}
      {boards && boards.length === 0 && <p class="muted">No leaderboards yet.</p>}
      {boards && boards.length > 0 && <div class="boards">{boards.map((b) => <Board key={b.id} board={b} />)}</div>}
      <form class="panel" onSubmit={submit} noValidate aria-labelledby="new-board-title">
        <h4 id="new-board-title">New leaderboard</h4>
        <FormError error={create.error} shown={['name', 'game', 'period', 'scoreMode']} />
        <div class="inline-fields">
          <Field label="Leaderboard name" name="name" id="board-name" value={form.name} error={create.error} maxLength={100}
            onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
          <Field label="Game (optional)" name="game" id="board-game" value={form.game} error={create.error} maxLength={100}
            onInput={(e) => setForm({ ...form, game: e.currentTarget.value })} />
          <div class="field">
            <label for="board-period">Resets</label>
            <select id="board-period" value={form.period} onChange={(e) => setForm({ ...form, period: e.currentTarget.value })}>
              <option value="weekly">Weekly</option><option value="monthly">Monthly</option><option value="all_time">Never</option>
            </select>
          </div>
          <div class="field">
            <label for="board-mode">Scores</label>
            <select id="board-mode" value={form.scoreMode} onChange={(e) => setForm({ ...form, scoreMode: e.currentTarget.value })}>
              <option value="best">Best score counts</option><option value="increment">Scores add up</option>
            </select>
          </div>
        </div>
        <Submit busy={create.busy}>Create leaderboard</Submit>
        {create.done && <p role="status" class="form-done">{create.done}</p>}
      </form>
    </section>
  );
}

function Board({ board }: { board: Leaderboard }) {
  const [entries, setEntries] = useState<LeaderboardEntries | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    competition.entries(board.id).then(setEntries, (caught) => setError(asApiError(caught).message));
  }, [board.id]);
  const money = board.kind === 'top_supporters';
  return (
    <section class="board" aria-label={board.name}>
      <h4>{board.name}</h4>
      <p class="muted">{KIND_NAMES[board.kind] ?? board.kind} · {PERIOD_NAMES[board.period] ?? board.period}{board.game ? ` · ${board.game}` : ''}</p>
      {error && <p role="alert">{error}</p>}
      {entries && entries.items.length === 0 && <p class="muted">Nobody on it yet.</p>}
      {entries && entries.items.length > 0 && (
        <table aria-label={`${board.name} leaders`}>
          <thead><tr><th scope="col">Rank</th><th scope="col">Who</th><th scope="col">{money ? 'Given' : 'Score'}</th></tr></thead>
          <tbody>
            {entries.items.map((e) => (
              <tr key={e.userId}>
                <td>{e.rank}</td><td>{e.displayName ?? e.username}</td>
                <td>{money ? new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(e.score / 100) : e.score.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Tournaments() {
  const user = useStore(currentUser);
  const [list, setList] = useState<TournamentSummary[] | null>(null);
  const [form, setForm] = useState({ name: '', game: '', format: 'single_elimination', maxParticipants: '8', startsAt: '', thirdPlaceMatch: false });
  const create = useSubmit();
  useEffect(() => {
    competition.tournaments().then((page) => setList(page.items), () => setList([]));
  }, []);
  const mine = list?.filter((t) => t.organiserId === user?.id) ?? [];
  const submit = (event: Event) => create.run(async () => {
    event.preventDefault();
    const startsAt = form.startsAt ? new Date(form.startsAt) : null;
    const made = await competition.createTournament({
      name: form.name.trim(), game: form.game.trim(), format: form.format,
      maxParticipants: Number.parseInt(form.maxParticipants, 10) || 0,
      // An unreadable date goes as nothing, so the API names the field.
      startsAt: startsAt && !Number.isNaN(startsAt.getTime()) ? startsAt.toISOString() : undefined,
      thirdPlaceMatch: form.thirdPlaceMatch,
    });
    navigate(`/t/${made.id}`);
  });
  return (
    <section aria-labelledby="tournaments-title">
      <h3 id="tournaments-title">Your tournaments</h3>
      {list && mine.length === 0 && <p class="muted">You organise no tournaments yet.</p>}
      {mine.length > 0 && (
        <ul class="rows" aria-label="Your tournaments">
          {mine.map((t) => (
            <li key={t.id}>
              <a href={`/t/${t.id}`}>{t.name}</a>
              <span class="muted">{FORMAT_NAMES[t.format] ?? t.format} · {t.participantCount}/{t.maxParticipants} · {t.status}</span>
            </li>
          ))}
        </ul>
      )}
      <form class="panel" onSubmit={submit} noValidate aria-labelledby="new-tournament-title">
        <h4 id="new-tournament-title">New tournament</h4>
        <FormError error={create.error} shown={['name', 'game', 'format', 'maxParticipants', 'startsAt', 'thirdPlaceMatch']} />
        <Field label="Tournament name" name="name" id="tournament-name" value={form.name} error={create.error} maxLength={100}
          onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <div class="inline-fields">
          <Field label="Game" name="game" id="tournament-game" value={form.game} error={create.error} maxLength={100}
            onInput={(e) => setForm({ ...form, game: e.currentTarget.value })} />
          <div class="field">
            <label for="tournament-format">Format</label>
            <select id="tournament-format" value={form.format} onChange={(e) => setForm({ ...form, format: e.currentTarget.value })}>
              {Object.entries(FORMAT_NAMES).map(([id, label]) => <option key={id} value={id}>{label}</option>)}
            </select>
          </div>
          <Field label="Most channels" name="maxParticipants" id="tournament-max" inputMode="numeric" value={form.maxParticipants} error={create.error}
            onInput={(e) => setForm({ ...form, maxParticipants: e.currentTarget.value })} />
          <Field label="Starts" name="startsAt" id="tournament-starts" type="datetime-local" value={form.startsAt} error={create.error}
            onInput={(e) => setForm({ ...form, startsAt: e.currentTarget.value })} />
        </div>
        <label class="check">
          <input type="checkbox" checked={form.thirdPlaceMatch} onChange={(e) => setForm({ ...form, thirdPlaceMatch: e.currentTarget.checked })} />
          Play a match for third place (single elimination)
        </label>
        <Submit busy={create.busy}>Create tournament</Submit>
      </form>
    </section>
  );
}
