import { useState } from 'preact/hooks';
import { clips } from '../api/endpoints';
import { currentUser } from '../api/session';
import { navigate } from '../router';
import { useStore } from '../store';
import { Field, FormError, Submit, useSubmit } from './forms';

const LENGTHS = [10, 30, 60];

/** "Clip" under the live player: the last moments of the broadcast become a clip at its own address. */
export function ClipButton({ streamId, slug }: { streamId: string; slug: string }) {
  const user = useStore(currentUser);
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ title: '', durationSeconds: 30 });
  const { busy, error, run } = useSubmit();
  if (!user) return <a class="button" href={`/login?next=${encodeURIComponent(`/${slug}`)}`}>Sign in to clip</a>;
  const submit = (event: Event) => run(async () => {
    event.preventDefault();
    const made = await clips.fromLive({ streamId, durationSeconds: form.durationSeconds, title: form.title.trim() || undefined });
    navigate(`/${slug}/clip/${made.slug}`);
  });
  return (
    <div class="clip-tool">
      <button type="button" aria-expanded={open} aria-controls="clip-form" onClick={() => setOpen(!open)}>
        <span aria-hidden="true">✂</span> Clip
      </button>
      {open && (
        <form id="clip-form" class="inline-form" onSubmit={submit} noValidate aria-label="Make a clip">
          <FormError error={error} shown={['title', 'durationSeconds']} />
          <Field label="Clip title (optional)" name="title" id="clip-title-input" value={form.title} error={error} maxLength={100}
            onInput={(e) => setForm({ ...form, title: e.currentTarget.value })} />
          <div class="field">
            <label for="clip-length">Last</label>
            <select id="clip-length" value={form.durationSeconds} onChange={(e) => setForm({ ...form, durationSeconds: Number(e.currentTarget.value) })}>
              {LENGTHS.map((s) => <option key={s} value={s}>{s} seconds</option>)}
            </select>
          </div>
          <Submit busy={busy}>Make clip</Submit>
        </form>
      )}
    </div>
  );
}
