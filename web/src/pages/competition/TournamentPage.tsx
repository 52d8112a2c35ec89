import { useEffect, useState } from 'preact/hooks';
import { competition } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import { currentUser } from '../../api/session';
import type { Bracket, MatchSide, Tournament, TournamentMatch } from '../../api/types';
import { asApiError, FormError, useSubmit } from '../../components/forms';
import { useStore } from '../../store';
import { rememberedChannels } from '../dashboard/myChannels';

const DRAFT_CHECK_MS = 3_000;

const PARTS: { id: string; label: string }[] = [
  { id: 'winners', label: 'Winners bracket' },
  { id: 'losers', label: 'Losers bracket' },
  { id: 'third_place', label: 'Third place' },
  { id: 'grand_final', label: 'Grand final' },
  { id: 'grand_final_reset', label: 'Grand final reset' },
  { id: 'round_robin', label: 'Round robin' },
];
export const FORMAT_NAMES: Record<string, string> = {
  single_elimination: 'Single elimination', double_elimination: 'Double elimination', round_robin: 'Round robin',
};
const STATUS_NAMES: Record<string, string> = {
  draft: 'Draft', registration: 'Registration open', active: 'In progress', ended: 'Ended', cancelled: 'Cancelled',
};

/** A tournament: who is in it, and its bracket as columns of rounds; its organiser opens registration, starts it and reports results here. */
export default function TournamentPage({ id }: { id: string }) {
  const user = useStore(currentUser);
  const [tournament, setTournament] = useState<Tournament | null>(null);
  const [bracket, setBracket] = useState<Bracket | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const action = useSubmit();

  useEffect(() => {
    competition.tournament(id).then((found) => {
      setTournament(found);
      if (found.status === 'active' || found.status === 'ended') competition.bracket(id).then(setBracket, (caught) => setError(asApiError(caught)));
    }, (caught) => setError(asApiError(caught)));
  }, [id, version]);
  // A draft opens for registration on its own at its set time: look again until it has.
  useEffect(() => {
    if (tournament?.status !== 'draft') return;
    const timer = window.setTimeout(() => setVersion((n) => n + 1), DRAFT_CHECK_MS);
    return () => window.clearTimeout(timer);
  }, [tournament]);
  useEffect(() => {
    if (tournament) document.title = `${tournament.name} · tournament · AeThex LIVE`;
  }, [tournament?.name]);

  if (error && !tournament) {
    return <section class="narrow"><h1>{error.status === 404 ? 'No such tournament' : 'The tournament could not be loaded'}</h1><p role="alert">{error.message}</p></section>;
  }
  if (!tournament) return <p class="loading" aria-live="polite">Loading tournament…</p>;
  const organiser = user?.id === tournament.organiserId;
  const refresh = () => setVersion((n) => n + 1);
  const act = (work: () => Promise<unknown>, done: string) => action.run(async () => {
    await work();
    refresh();
    return done;
  });
  const mine = user ? rememberedChannels(user.id).filter((slug) => !tournament.participants.some((p) => p.channelSlug === slug)) : [];

  return (
    <article aria-labelledby="tournament-title" class="tournament">
      <h1 id="tournament-title">{tournament.name}</h1>
      <p class="channel-meta">
        <span class="badge offline">{STATUS_NAMES[tournament.status] ?? tournament.status}</span>
        <span>{FORMAT_NAMES[tournament.format] ?? tournament.format}</span>
        {tournament.game && <span class="chip">{tournament.game}</span>}
        <span class="muted">{tournament.participantCount} of {tournament.maxParticipants} channels</span>
        <span class="muted">starts {new Date(tournament.startsAt).toLocaleString()}</span>
        {tournament.organiserUsername && <span class="muted">organised by <a href={`/u/${tournament.organiserUsername}`}>{tournament.organiserUsername}</a></span>}
      </p>
      {tournament.description && <p>{tournament.description}</p>}
      <FormError error={action.error} />
      {action.done && <p role="status" class="form-done">{action.done}</p>}
      {organiser && tournament.status === 'draft' && (
        <button type="button" class="primary" disabled={action.busy} onClick={() => act(() => competition.openRegistration(id), 'Registration is open.')}>
          Open registration now
        </button>
      )}
      {organiser && tournament.status === 'registration' && (
        <button type="button" class="primary" disabled={action.busy} onClick={() => act(() => competition.start(id), 'The tournament has started.')}>
          Start the tournament
        </button>
      )}
      {tournament.status === 'registration' && mine.length > 0 && (
        <p class="inline-form">
          {mine.map((slug) => (
            <button type="button" key={slug} disabled={action.busy} onClick={() => act(() => competition.join(id, slug), `/${slug} is entered.`)}>
              Enter /{slug}
            </button>
          ))}
        </p>
      )}
      <h2>Channels</h2>
      {tournament.participants.length === 0 ? <p class="muted">No channel has entered yet.</p> : (
        <ol class="rows" aria-label="Channels in the tournament">
          {tournament.participants.map((p) => (
            <li key={p.id}>
              {p.seed != null && <span class="muted">#{p.seed}</span>}
              {p.channelSlug ? <a href={`/${p.channelSlug}`}>{p.channelName ?? p.channelSlug}</a> : <span>{p.channelName ?? 'A channel'}</span>}
              {p.isLive && <span class="badge live">LIVE</span>}
              {p.placementLabel && <strong>{p.placementLabel}</strong>}
              {p.withdrawn && <span class="muted">withdrawn</span>}
            </li>
          ))}
        </ol>
      )}
      {bracket && <BracketView bracket={bracket} tournamentId={id} canReport={organiser && tournament.status === 'active'} onReported={refresh} />}
    </article>
  );
}

function sideName(side: MatchSide): string {
  if (side.bye) return 'bye';
  return side.channelName ?? side.channelSlug ?? 'to be decided';
}

function BracketView({ bracket, tournamentId, canReport, onReported }: {
  bracket: Bracket; tournamentId: string; canReport: boolean; onReported: () => void;
}) {
  return (
    <section aria-labelledby="bracket-title">
      <h2 id="bracket-title">Bracket</h2>
      {PARTS.map((part) => {
        const matches = bracket.matches.filter((m) => m.bracket === part.id);
        if (matches.length === 0) return null;
        const rounds = [...new Set(matches.map((m) => m.round))].sort((a, b) => a - b);
        return (
          <section key={part.id} aria-label={part.label} class="bracket-part">
            {PARTS.filter((p) => bracket.matches.some((m) => m.bracket === p.id)).length > 1 && <h3>{part.label}</h3>}
            <div class="bracket" role="list" aria-label={`${part.label} rounds`}>
              {rounds.map((round, i) => (
                <div class="round" role="listitem" key={round}>
                  <h4>{part.id === 'winners' && i === rounds.length - 1 && rounds.length > 1 ? 'Final' : `Round ${round}`}</h4>
                  <ol class="matches">
                    {matches.filter((m) => m.round === round).sort((a, b) => a.position - b.position).map((match) => (
                      <MatchCard key={match.id} match={match} tournamentId={tournamentId} canReport={canReport} onReported={onReported} />
                    ))}
                  </ol>
                </div>
              ))}
            </div>
          </section>
        );
      })}
    </section>
  );
}

function MatchCard({ match, tournamentId, canReport, onReported }: {
  match: TournamentMatch; tournamentId: string; canReport: boolean; onReported: () => void;
}) {
  const won = (side: MatchSide) => !!side.participantId && side.participantId === match.winnerParticipantId;
  const description = `Match ${match.number}: ${sideName(match.side1)}${match.score1 != null ? ` ${match.score1}` : ''} against `
    + `${sideName(match.side2)}${match.score2 != null ? ` ${match.score2}` : ''}`
    + (match.status === 'completed' && match.winnerChannelSlug ? `, won by ${won(match.side1) ? sideName(match.side1) : sideName(match.side2)}` : `, ${match.status}`);
  return (
    <li class={`match ${match.status}`} aria-label={description}>
      <p class="match-number" aria-hidden="true">Match {match.number}</p>
      {[match.side1, match.side2].map((side, i) => (
        <p key={i} class={`side${won(side) ? ' winner' : ''}${side.bye ? ' bye' : ''}`} aria-hidden="true">
          <span>{side.seed != null && <span class="muted">{side.seed} </span>}{sideName(side)}</span>
          <span class="score">{i === 0 ? match.score1 ?? '' : match.score2 ?? ''}{won(side) ? ' ✓' : ''}</span>
        </p>
      ))}
      {canReport && match.status === 'ready' && <ReportResult match={match} tournamentId={tournamentId} onReported={onReported} />}
    </li>
  );
}

function ReportResult({ match, tournamentId, onReported }: { match: TournamentMatch; tournamentId: string; onReported: () => void }) {
  const [winner, setWinner] = useState(match.side1.channelSlug ?? '');
  const [scores, setScores] = useState({ one: '', two: '' });
  const { busy, error, run } = useSubmit();
  const prefix = `match-${match.number}`;
  const submit = (event: Event) => run(async () => {
    event.preventDefault();
    const given = scores.one !== '' || scores.two !== '';
    await competition.report(tournamentId, match.id, {
      winnerChannelSlug: winner,
      scores: given ? [Number(scores.one || 0), Number(scores.two || 0)] : undefined,
    });
    onReported();
  });
  const scoreErrors = error?.fieldErrors('scores') ?? [];
  return (
    <details class="report">
      <summary>Report result of match {match.number}</summary>
      <form onSubmit={submit} noValidate>
        <FormError error={error} shown={['scores']} />
        <div class="field">
          <label for={`${prefix}-winner`}>Winner</label>
          <select id={`${prefix}-winner`} value={winner} onChange={(e) => setWinner(e.currentTarget.value)}>
            {[match.side1, match.side2].filter((s) => s.channelSlug).map((s) => <option key={s.channelSlug} value={s.channelSlug!}>{sideName(s)}</option>)}
          </select>
        </div>
        <div class={`inline-fields${scoreErrors.length ? ' invalid' : ''}`}>
          <div class="field">
            <label for={`${prefix}-score1`}>{sideName(match.side1)} score</label>
            <input id={`${prefix}-score1`} inputMode="numeric" value={scores.one} onInput={(e) => setScores({ ...scores, one: e.currentTarget.value })}
              aria-describedby={scoreErrors.length ? `${prefix}-scores-error` : undefined} />
          </div>
          <div class="field">
            <label for={`${prefix}-score2`}>{sideName(match.side2)} score</label>
            <input id={`${prefix}-score2`} inputMode="numeric" value={scores.two} onInput={(e) => setScores({ ...scores, two: e.currentTarget.value })}
              aria-describedby={scoreErrors.length ? `${prefix}-scores-error` : undefined} />
          </div>
        </div>
        {scoreErrors.length > 0 && <p class="field-error" id={`${prefix}-scores-error`}>{scoreErrors.join(' ')}</p>}
        <button type="submit" class="primary" disabled={busy}>Save result</button>
      </form>
    </details>
  );
}
