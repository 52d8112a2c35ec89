import { useEffect, useState } from 'preact/hooks';
import { channels } from '../../api/endpoints';
import type { Broadcast } from '../../api/types';
import { Done, Field, FormError, Submit, TextArea, useSubmit } from '../../components/forms';
import type { SectionProps } from './Dashboard';
import { splitTags } from './StreamSection';

export function ChannelSettingsSection({ channel, refresh }: SectionProps) {
  const [form, setForm] = useState({
    name: channel.name, description: channel.description ?? '', category: channel.category ?? '', language: channel.language ?? '',
  });
  const { busy, error, done, run } = useSubmit();
  const submit = (event: Event) => run(async () => {
    event.preventDefault();
    // An empty string clears description, category and language.
    await channels.update(channel.slug, {
      name: form.name.trim(), description: form.description.trim(), category: form.category.trim(), language: form.language.trim(),
    });
    refresh();
    return 'Channel saved.';
  });
  return (
    <section aria-labelledby="channel-title">
      <h2 id="channel-title">Channel settings</h2>
      <form onSubmit={submit} noValidate>
        <FormError error={error} shown={['name', 'description', 'category', 'language']} />
        <Field label="Channel name" name="name" value={form.name} error={error} maxLength={100} required
          onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} />
        <TextArea label="Description" name="description" value={form.description} error={error} rows={4}
          onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />
        <Field label="Category" name="category" value={form.category} error={error} hint="a–z, 0–9 and -, e.g. gaming or music."
          onInput={(e) => setForm({ ...form, category: e.currentTarget.value })} />
        <Field label="Language" name="language" value={form.language} error={error} hint="A language tag such as en or pt-br."
          onInput={(e) => setForm({ ...form, language: e.currentTarget.value })} />
        <p class="hint">The address /{channel.slug} stays as it is.</p>
        <Submit busy={busy}>Save channel</Submit>
        <Done message={done} />
      </form>
    </section>
  );
}

/** Prepared broadcasts: the next time the channel goes live it takes the oldest one's title, description and tags. */
export function ScheduleSection({ channel }: SectionProps) {
  const [scheduled, setScheduled] = useState<Broadcast[] | null>(null);
  const [form, setForm] = useState({ title: '', description: '', tags: '' });
  const { busy, error, done, run } = useSubmit();
  const load = () => channels.streams(channel.slug, 'scheduled').then((page) => setScheduled([...page.items].reverse()), () => setScheduled([]));
  useEffect(() => {
    void load();
  }, [channel.slug]);
  const submit = (event: Event) => run(async () => {
    event.preventDefault();
    await channels.schedule(channel.slug, {
      title: form.title.trim(), description: form.description.trim() || undefined, tags: splitTags(form.tags),
    });
    setForm({ title: '', description: '', tags: '' });
    await load();
    return 'Scheduled. Viewers see it on your channel while you are offline.';
  });
  return (
    <section aria-labelledby="schedule-title">
      <h2 id="schedule-title">Schedule</h2>
      <p>Prepare your next broadcasts. When you go live, the first one below becomes the live stream with its title and tags.</p>
      {scheduled && scheduled.length > 0 && (
        <ol class="rows" aria-label="Scheduled streams">
          {scheduled.map((s, i) => (
            <li key={s.id}>
              <strong>{s.title}</strong>
              {i === 0 && <span class="chip">next</span>}
              {s.tags.map((t) => <span class="chip" key={t}>{t}</span>)}
            </li>
          ))}
        </ol>
      )}
      {scheduled && scheduled.length === 0 && <p class="muted">Nothing scheduled.</p>}
      <form onSubmit={submit} noValidate>
        <h3>Schedule a stream</h3>
        <FormError error={error} shown={['title', 'description', 'tags']} />
        <Field label="Title" name="title" value={form.title} error={error} required maxLength={140}
          onInput={(e) => setForm({ ...form, title: e.currentTarget.value })} />
        <TextArea label="Description (optional)" name="description" value={form.description} error={error} rows={3}
          onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />
        <Field label="Tags (optional)" name="tags" value={form.tags} error={error} hint="Comma-separated, up to 10."
          onInput={(e) => setForm({ ...form, tags: e.currentTarget.value })} />
        <Submit busy={busy}>Schedule</Submit>
        <Done message={done} />
      </form>
    </section>
  );
}
