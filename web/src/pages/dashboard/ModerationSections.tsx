import { useEffect, useState } from 'preact/hooks';
import { chat } from '../../api/endpoints';
import type { Ban, ChatSettings, Report } from '../../api/types';
import { asApiError, Done, Field, FormError, Submit, TextArea, useSubmit } from '../../components/forms';
import type { SectionProps } from './Dashboard';

export function ChatSettingsSection({ channel }: SectionProps) {
  const [settings, setSettings] = useState<ChatSettings | null>(null);
  const [followersOnly, setFollowersOnly] = useState(false);
  const [terms, setTerms] = useState('');
  const { busy, error, done, run, setError } = useSubmit();
  useEffect(() => {
    chat.settings(channel.slug).then((s) => {
      setSettings(s);
      setFollowersOnly(s.followersOnlyMinutes !== null);
      setTerms((s.blockedTerms ?? []).join('\n'));
    }, (caught) => setError(asApiError(caught)));
  }, [channel.slug]);
  const submit = (event: Event) => run(async () => {
    event.preventDefault();
    if (!settings) return;
    const saved = await chat.saveSettings(channel.slug, {
      slowModeSeconds: Number(settings.slowModeSeconds) || 0,
      followersOnlyMinutes: followersOnly ? Number(settings.followersOnlyMinutes ?? 0) : null,
      emoteOnly: settings.emoteOnly,
      blockedTerms: terms.split('\n').map((t) => t.trim()).filter(Boolean),
    });
    setSettings(saved);
    return 'Chat rules saved; they apply to the next message.';
  });
  return (
    <section aria-labelledby="chat-settings-title">
      <h2 id="chat-settings-title">Chat settings</h2>
      <FormError error={error} shown={['slowModeSeconds', 'followersOnlyMinutes', 'emoteOnly', 'blockedTerms']} />
      {!settings && !error && <p class="loading">Loading…</p>}
      {settings && (
        <form onSubmit={submit} noValidate>
          <Field label="Slow mode (seconds between messages per person, 0 = off)" name="slowModeSeconds" type="number" min={0} max={120}
            value={settings.slowModeSeconds} error={error}
            onInput={(e) => setSettings({ ...settings, slowModeSeconds: Number(e.currentTarget.value) })} />
          <label class="check">
            <input type="checkbox" checked={followersOnly} onChange={(e) => setFollowersOnly(e.currentTarget.checked)} />
            Followers only
          </label>
          {followersOnly && (
            <Field label="…who have followed for at least (minutes)" name="followersOnlyMinutes" type="number" min={0}
              value={settings.followersOnlyMinutes ?? 0} error={error}
              onInput={(e) => setSettings({ ...settings, followersOnlyMinutes: Number(e.currentTarget.value) })} />
          )}
          <label class="check">
            <input type="checkbox" checked={settings.emoteOnly} onChange={(e) => setSettings({ ...settings, emoteOnly: e.currentTarget.checked })} />
            Emote only (messages made only of emoji)
          </label>
          <TextArea label="Blocked terms (one per line)" name="blockedTerms" value={terms} error={error} rows={5}
            hint="A message containing one is held for review instead of shown. Only moderators see this list."
            onInput={(e) => setTerms(e.currentTarget.value)} />
          <Submit busy={busy}>Save chat rules</Submit>
          <Done message={done} />
        </form>
      )}
    </section>
  );
}

const DURATIONS: { label: string; seconds?: number }[] = [
  { label: '10 minutes', seconds: 600 },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86400 },
  { label: '7 days', seconds: 604800 },
  { label: 'Permanently' },
];

export function ModerationSection({ channel }: SectionProps) {
  return (
    <>
      <ModeratorsForm slug={channel.slug} />
      <Bans slug={channel.slug} />
      <Queue slug={channel.slug} />
    </>
  );
}

function ModeratorsForm({ slug }: { slug: string }) {
  const [username, setUsername] = useState('');
  const { busy, error, done, run } = useSubmit();
  const act = (appoint: boolean) => (event: Event) => run(async () => {
    event.preventDefault();
    const name = username.trim().toLowerCase();
    if (appoint) await chat.appointModerator(slug, name);
    else await chat.removeModerator(slug, name);
    setUsername('');
    return appoint ? `${name} is now a moderator of this channel's chat.` : `${name} is no longer a moderator.`;
  });
  return (
    <section aria-labelledby="mods-title">
      <h2 id="mods-title">Moderators</h2>
      <p>Moderators delete messages, time out and ban people, set chat rules, run polls and work the queue.</p>
      <form onSubmit={act(true)} noValidate class="inline-form">
        <FormError error={error} shown={['username']} />
        <Field label="Username" name="username" value={username} error={error} required onInput={(e) => setUsername(e.currentTarget.value)} />
        <Submit busy={busy}>Appoint moderator</Submit>{' '}
        <button type="button" onClick={act(false)} disabled={busy}>Remove moderator</button>
        <Done message={done} />
      </form>
    </section>
  );
}

function Bans({ slug }: { slug: string }) {
  const [bans, setBans] = useState<Ban[] | null>(null);
  const [form, setForm] = useState({ username: '', reason: '', duration: 0 });
  const { busy, error, done, run, setError } = useSubmit();
  const load = () => chat.bans(slug).then(setBans, (caught) => setError(asApiError(caught)));
  useEffect(() => {
    void load();
  }, [slug]);
  const submit = (event: Event) => run(async () => {
    event.preventDefault();
    const duration = DURATIONS[form.duration];
    const ban = await chat.ban(slug, { username: form.username.trim().toLowerCase(), reason: form.reason.trim() || undefined, durationSeconds: duration.seconds });
    setForm({ username: '', reason: '', duration: form.duration });
    await load();
    return ban.isPermanent ? `${ban.username} is banned.` : `${ban.username} is timed out until ${new Date(ban.bannedUntil!).toLocaleString()}.`;
  });
  const lift = (username: string) => run(async () => {
    await chat.unban(slug, username);
    await load();
    return `${username} may chat again.`;
  });
  return (
    <section aria-labelledby="bans-title">
      <h2 id="bans-title">Bans and time-outs</h2>
      <form onSubmit={submit} noValidate>
        <FormError error={error} shown={['username', 'reason', 'durationSeconds']} />
        <Field label="Username" name="username" value={form.username} error={error} required
          onInput={(e) => setForm({ ...form, username: e.currentTarget.value })} />
        <Field label="Reason (optional, kept for your moderators)" name="reason" value={form.reason} error={error} maxLength={500}
          onInput={(e) => setForm({ ...form, reason: e.currentTarget.value })} />
        <div class="field">
          <label for="ban-duration">For how long</label>
          <select id="ban-duration" value={form.duration} onChange={(e) => setForm({ ...form, duration: Number(e.currentTarget.value) })}>
            {DURATIONS.map((d, i) => <option key={d.label} value={i}>{d.label}</option>)}
          </select>
          {error?.fieldErrors('durationSeconds').map((m) => <p class="field-error" key={m}>{m}</p>)}
        </div>
        <Submit busy={busy}>Ban</Submit>
        <Done message={done} />
      </form>
      {bans && bans.length === 0 && <p class="muted">Nobody is banned.</p>}
      {bans && bans.length > 0 && (
        <ul class="rows" aria-label="Active bans">
          {bans.map((b) => (
            <li key={b.userId}>
              <strong>{b.username}</strong>
              <span class="muted">{b.isPermanent ? 'banned' : `until ${new Date(b.bannedUntil!).toLocaleString()}`}{b.reason ? ` · ${b.reason}` : ''}</span>
              <button type="button" onClick={() => lift(b.username)} aria-label={`Lift the ban on ${b.username}`}>Lift</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Queue({ slug }: { slug: string }) {
  const [reports, setReports] = useState<Report[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => chat.queue(slug).then((page) => setReports(page.items), (caught) => setError(asApiError(caught).message));
  useEffect(() => {
    void load();
  }, [slug]);
  const resolve = async (report: Report, decision: 'approve' | 'reject') => {
    setError(null);
    try {
      await chat.resolve(report.id, decision);
      setReports((current) => current?.filter((r) => r.id !== report.id) ?? null);
    } catch (caught) {
      setError(asApiError(caught).message);
      void load();
    }
  };
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">Moderation queue</h2>
      <p>Messages viewers reported, and messages held because they contain a blocked term.</p>
      {error && <p class="form-error" role="alert">{error}</p>}
      <button type="button" onClick={() => void load()}>Refresh</button>
      {reports && reports.length === 0 && <p class="muted">Nothing waiting for review.</p>}
      {reports && reports.length > 0 && (
        <ul class="rows queue" aria-label="Reports waiting for review">
          {reports.map((r) => (
            <li key={r.id}>
              <blockquote>{r.message ?? '(message no longer available)'}</blockquote>
              <span class="muted">{r.reason ?? 'No reason given'} · {new Date(r.createdAt).toLocaleString()}</span>
              <span>
                <button type="button" onClick={() => resolve(r, 'approve')}>Remove message</button>{' '}
                <button type="button" onClick={() => resolve(r, 'reject')}>Keep message</button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
