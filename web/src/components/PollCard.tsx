import type { Poll } from '../api/types';

/**
 * A poll with its live tallies. Voting buttons while it runs (a vote can be changed); the
 * bars and counts update as PollUpdated arrives.
 */
export function PollCard({ poll, myVote, onVote, canVote, signInHref, error, onDismiss }: {
  poll: Poll;
  myVote?: string;
  onVote?: (optionId: string) => void;
  canVote: boolean;
  signInHref?: string;
  error?: string | null;
  onDismiss?: () => void;
}) {
  const open = poll.status === 'active';
  const total = poll.options.reduce((sum, option) => sum + option.voteCount, 0);
  const top = Math.max(...poll.options.map((option) => option.voteCount));
  return (
    <section class={`poll${open ? '' : ' ended'}`} aria-labelledby={`poll-${poll.id}`}>
      <p class="poll-kicker">{open ? 'Poll' : 'Poll ended'}</p>
      <h3 id={`poll-${poll.id}`}>{poll.question}</h3>
      <ul class="poll-options" role="list">
        {poll.options.map((option) => {
          const share = total === 0 ? 0 : Math.round((option.voteCount / total) * 100);
          const label = `${option.text}: ${option.voteCount} ${option.voteCount === 1 ? 'vote' : 'votes'}, ${share}%`;
          const content = (
            <>
              <span class="poll-bar" style={{ width: `${share}%` }} aria-hidden="true" />
              <span class="poll-text">{option.text}{myVote === option.id && <span class="mine"> · your vote</span>}</span>
              <span class="poll-count" data-testid="poll-count">{option.voteCount} · {share}%</span>
            </>
          );
          return (
            <li key={option.id} class={!open && option.voteCount === top && top > 0 ? 'winner' : undefined}>
              {open && canVote ? (
                <button type="button" class="poll-option" aria-pressed={myVote === option.id} aria-label={label} onClick={() => onVote?.(option.id)}>
                  {content}
                </button>
              ) : (
                <div class="poll-option" aria-label={label} role="group">{content}</div>
              )}
            </li>
          );
        })}
      </ul>
      <p class="muted poll-total" aria-live="polite">
        {total} {total === 1 ? 'vote' : 'votes'}
        {open && !canVote && signInHref && <> · <a href={signInHref}>Sign in to vote</a></>}
      </p>
      {error && <p class="field-error" role="alert">{error}</p>}
      {!open && onDismiss && <button type="button" class="link" onClick={onDismiss}>Dismiss</button>}
    </section>
  );
}
