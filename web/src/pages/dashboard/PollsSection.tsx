import { useEffect, useState } from 'preact/hooks';
import { polls } from '../../api/endpoints';
import type { Poll } from '../../api/types';
import { ChatRoom } from '../../chat/room';
import { Done, Field, FormError, Submit, useSubmit } from '../../components/forms';
import { PollCard } from '../../components/PollCard';
import type { SectionProps } from './Dashboard';

const DURATIONS = [30, 60, 120, 300, 600];

/** Open a poll in the live stream's chat and watch its tallies arrive; end it early if you like. */
export function PollsSection({ channel, refresh }: SectionProps) {
  const streamId = channel.liveStream?.id ?? null;
  const [poll, setPoll] = useState<Poll | null>(null);
  const [form, setForm] = useState({ question: '', options: ['', ''], durationSeconds: 60 });
  const create = useSubmit();
  const end = useSubmit();

  // The room pushes PollStarted/Updated/Ended: the tallies here move as viewers vote.
  useEffect(() => {
    if (!streamId) return;
    const room = new ChatRoom(streamId, true, {
      message: () => undefined, deleted: () => undefined, banned: () => undefined, reactions: () => undefined,
      alert: () => undefined, joined: () => undefined, state: () => undefined,
      poll: (next) => setPoll(next),
    });
    void room.start();
    return () => void room.stop();
  }, [streamId]);

  useEffect(() => {
    if (streamId) return;
    const timer = window.setInterval(refresh, 5000);
    return () => window.clearInterval(timer);
  }, [streamId]);

  if (!streamId) {
    return (
      <section aria-labelledby="polls-title">
        <h2 id="polls-title">Polls</h2>
        <p>Polls run in your live chat. Go live, and this page lets you open one.</p>
      </section>
    );
  }

  const setOption = (index: number, text: string) => setForm({ ...form, options: form.options.map((o, i) => (i === index ? text : o)) });
  const submit = (event: Event) => create.run(async () => {
    event.preventDefault();
    setPoll(await polls.create(streamId, {
      question: form.question.trim(),
      options: form.options.map((o) => o.trim()),
      durationSeconds: form.durationSeconds,
    }));
    setForm({ question: '', options: ['', ''], durationSeconds: form.durationSeconds });
    return 'The poll is open in your chat.';
  });
  const stop = () => end.run(async () => {
    if (poll) setPoll(await polls.end(poll.id));
  });

  const running = poll?.status === 'active';
  return (
    <section aria-labelledby="polls-title">
      <h2 id="polls-title">Polls</h2>
      {poll && (
        <>
          <PollCard poll={poll} canVote={false} />
          {running && <button type="button" onClick={stop} disabled={end.busy}>End poll now</button>}
          <FormError error={end.error} />
        </>
      )}
      {!running && (
        <form onSubmit={submit} noValidate>
          <h3>Open a poll</h3>
          <FormError error={create.error} shown={['question', 'options', 'durationSeconds']} />
          <Field label="Question" name="question" value={form.question} error={create.error} required maxLength={100}
            onInput={(e) => setForm({ ...form, question: e.currentTarget.value })} />
          <fieldset class={create.error?.fieldErrors('options').length ? 'invalid' : undefined}>
            <legend>Options (2–5)</legend>
            {form.options.map((option, i) => (
              <div class="option-row" key={i}>
                <label for={`poll-option-${i}`} class="visually-hidden">Option {i + 1}</label>
                <input id={`poll-option-${i}`} value={option} maxLength={100} placeholder={`Option ${i + 1}`}
                  onInput={(e) => setOption(i, e.currentTarget.value)} aria-describedby={create.error?.fieldErrors('options').length ? 'options-error' : undefined} />
                {form.options.length > 2 && (
                  <button type="button" aria-label={`Remove option ${i + 1}`}
                    onClick={() => setForm({ ...form, options: form.options.filter((_, j) => j !== i) })}>Remove</button>
                )}
              </div>
            ))}
            {form.options.length < 5 && (
              <button type="button" onClick={() => setForm({ ...form, options: [...form.options, ''] })}>Add option</button>
            )}
            {create.error?.fieldErrors('options').length ? (
              <p class="field-error" id="options-error">{create.error.fieldErrors('options').join(' ')}</p>
            ) : null}
          </fieldset>
          <div class="field">
            <label for="poll-duration">Runs for</label>
            <select id="poll-duration" value={form.durationSeconds} onChange={(e) => setForm({ ...form, durationSeconds: Number(e.currentTarget.value) })}>
              {DURATIONS.map((d) => <option key={d} value={d}>{d < 60 ? `${d} seconds` : `${d / 60} minute${d === 60 ? '' : 's'}`}</option>)}
            </select>
            {create.error?.fieldErrors('durationSeconds').map((m) => <p class="field-error" key={m}>{m}</p>)}
          </div>
          <Submit busy={create.busy}>Start poll</Submit>
        </form>
      )}
      <Done message={create.done} />
    </section>
  );
}
