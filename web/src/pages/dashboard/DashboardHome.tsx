import { useEffect, useState } from 'preact/hooks';
import { channels } from '../../api/endpoints';
import type { SignedInUser } from '../../api/session';
import type { LiveChannel } from '../../api/types';
import { Field, FormError, Submit, TextArea, useSubmit } from '../../components/forms';
import { RequireSignIn } from '../../components/RequireSignIn';
import { navigate } from '../../router';
import { forgetChannel, rememberChannel, rememberedChannels } from './myChannels';
import { PayoutAccountPanel } from './PayoutsSection';

export default function DashboardHome() {
  useEffect(() => {
    document.title = 'Creator dashboard · AeThex LIVE';
  }, []);
  return <RequireSignIn what="open your creator dashboard">{(user) => <Home user={user} />}</RequireSignIn>;
}

function Home({ user }: { user: SignedInUser }) {
  const [owned, setOwned] = useState<LiveChannel[] | null>(null);
  const [slug, setSlug] = useState('');
  const [openError, setOpenError] = useState<string | null>(null);

  useEffect(() => {
    const slugs = rememberedChannels(user.id);
    Promise.all(slugs.map((s) => channels.get(s).catch(() => null))).then((found) => {
      const mine = found.filter((c): c is LiveChannel => c?.ownerId === user.id);
      for (const s of slugs) if (!mine.some((c) => c.slug === s)) forgetChannel(user.id, s);
      setOwned(mine);
    });
  }, [user.id]);

  const open = async (event: Event) => {
    event.preventDefault();
    setOpenError(null);
    const wanted = slug.trim().toLowerCase();
    try {
      const channel = await channels.get(wanted);
      if (channel.ownerId !== user.id) {
        setOpenError('That channel belongs to someone else.');
        return;
      }
      rememberChannel(user.id, channel.slug);
      navigate(`/me/channels/${channel.slug}`);
    } catch (caught) {
      setOpenError((caught as Error).message);
    }
  };

  return (
    <section>
      <h1>Creator dashboard</h1>
      <h2>Your channels</h2>
      {owned === null && <p class="loading">Loading…</p>}
      {owned && owned.length > 0 && (
        <ul class="rows" aria-label="Your channels">
          {owned.map((c) => (
            <li key={c.id}>
              <a href={`/me/channels/${c.slug}`}>{c.name}</a>
              {c.isLive ? <span class="badge live">LIVE</span> : <span class="muted">offline</span>}
              <span class="muted">/{c.slug} · {c.followerCount} followers</span>
            </li>
          ))}
        </ul>
      )}
      {owned && owned.length === 0 && <p class="muted">No channel yet on this device: create one below, or open one you own.</p>}
      {owned && owned.length > 0 && (
        <section aria-labelledby="home-payouts-title">
          <h2 id="home-payouts-title">Payouts</h2>
          <PayoutAccountPanel />
          <p><a href={`/me/channels/${owned[0].slug}/payouts`}>Payout history</a></p>
        </section>
      )}
      <form class="inline-form" onSubmit={open}>
        <div class={`field${openError ? ' invalid' : ''}`}>
          <label for="open-slug">Open a channel you own, by its address</label>
          <input id="open-slug" value={slug} onInput={(e) => setSlug(e.currentTarget.value)} placeholder="my-channel"
            aria-invalid={!!openError} aria-describedby={openError ? 'open-slug-error' : undefined} />
          {openError && <p class="field-error" id="open-slug-error">{openError}</p>}
        </div>
        <button type="submit">Open</button>
      </form>
      <CreateChannel user={user} />
    </section>
  );
}

function CreateChannel({ user }: { user: SignedInUser }) {
  const [form, setForm] = useState({ name: '', slug: '', description: '', category: '', language: '' });
  const [slugEdited, setSlugEdited] = useState(false);
  const { busy, error, run } = useSubmit();
  const slugFrom = (name: string) => name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  const submit = (event: Event) =>
    run(async () => {
      event.preventDefault();
      const created = await channels.create({
        name: form.name.trim(),
        slug: form.slug.trim().toLowerCase(),
        description: form.description.trim() || undefined,
        category: form.category.trim() || undefined,
        language: form.language.trim() || undefined,
      });
      rememberChannel(user.id, created.slug);
      navigate(`/me/channels/${created.slug}/stream`);
    });
  return (
    <section aria-labelledby="create-title" class="panel">
      <h2 id="create-title">Create a channel</h2>
      <form onSubmit={submit} noValidate>
        <FormError error={error} shown={['name', 'slug', 'description', 'category', 'language']} />
        <Field label="Channel name" name="name" required value={form.name} error={error} maxLength={100}
          onInput={(e) => {
            const name = e.currentTarget.value;
            setForm({ ...form, name, slug: slugEdited ? form.slug : slugFrom(name) });
          }} />
        <Field label="Address" name="slug" required value={form.slug} error={error} maxLength={40}
          hint={<>Your channel lives at {location.origin}/<strong>{form.slug || 'your-address'}</strong>: 3–40 of a–z, 0–9 and -.</>}
          onInput={(e) => {
            setSlugEdited(true);
            setForm({ ...form, slug: e.currentTarget.value });
          }} />
        <TextArea label="Description (optional)" name="description" value={form.description} error={error} rows={3}
          onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} />
        <Field label="Category (optional)" name="category" value={form.category} error={error} placeholder="gaming"
          onInput={(e) => setForm({ ...form, category: e.currentTarget.value })} />
        <Field label="Language (optional)" name="language" value={form.language} error={error} placeholder="en"
          hint="A language tag such as en or pt-br." onInput={(e) => setForm({ ...form, language: e.currentTarget.value })} />
        <Submit busy={busy}>Create channel</Submit>
      </form>
    </section>
  );
}
