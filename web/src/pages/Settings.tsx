import { generate } from 'lean-qr';
import { useEffect, useRef, useState } from 'preact/hooks';
import { auth, users } from '../api/endpoints';
import type { EmailStatus, MyProfile, TwoFactorSetup, UserSettings } from '../api/types';
import { asApiError, Done, Field, FormError, Submit, TextArea, useSubmit } from '../components/forms';
import { RequireSignIn } from '../components/RequireSignIn';

const SECTIONS = [
  { id: 'profile', label: 'Profile' },
  { id: 'email', label: 'Email' },
  { id: 'preferences', label: 'Preferences' },
  { id: 'security', label: 'Two-factor sign-in' },
];

export default function Settings({ section }: { section: string }) {
  useEffect(() => {
    document.title = `${SECTIONS.find((s) => s.id === section)?.label ?? 'Settings'} · Settings · AeThex LIVE`;
  }, [section]);
  return (
    <RequireSignIn what="change your settings">
      {() => (
        <div class="with-sidebar">
          <nav class="sidebar" aria-label="Settings sections">
            <h1>Settings</h1>
            <ul>
              {SECTIONS.map((s) => (
                <li key={s.id}>
                  <a href={`/settings/${s.id}`} aria-current={s.id === section ? 'page' : undefined}>{s.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <div class="panel">
            {section === 'profile' && <ProfileForm />}
            {section === 'email' && <EmailForm />}
            {section === 'preferences' && <PreferencesForm />}
            {section === 'security' && <TwoFactor />}
            {!SECTIONS.some((s) => s.id === section) && <p role="alert">No such settings section.</p>}
          </div>
        </div>
      )}
    </RequireSignIn>
  );
}

function ProfileForm() {
  const [profile, setProfile] = useState<MyProfile | null>(null);
  const [form, setForm] = useState({ displayName: '', bio: '', avatarUrl: '', bannerUrl: '' });
  const { busy, error, done, run, setError } = useSubmit();
  useEffect(() => {
    users.me().then((me) => {
      setProfile(me);
      setForm({ displayName: me.displayName ?? '', bio: me.bio ?? '', avatarUrl: me.avatarUrl ?? '', bannerUrl: me.bannerUrl ?? '' });
    }, (caught) => setError(asApiError(caught)));
  }, []);
  const set = (name: keyof typeof form) => (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
    setForm({ ...form, [name]: event.currentTarget.value });
  const submit = (event: Event) =>
    run(async () => {
      event.preventDefault();
      setProfile(await users.updateMe(form));
      return 'Profile saved.';
    });
  return (
    <section aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      {profile && (
        <p class="muted">
          Signed in as <strong>{profile.username}</strong> ({profile.email}) · {profile.followerCount} followers · following {profile.followingCount}
          {' · '}<a href={`/u/${profile.username}`}>See your public profile</a>
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <FormError error={error} shown={['displayName', 'bio', 'avatarUrl', 'bannerUrl']} />
        <Field label="Display name" name="displayName" value={form.displayName} error={error} onInput={set('displayName')} maxLength={50} />
        <TextArea label="Bio" name="bio" value={form.bio} error={error} onInput={set('bio')} rows={4} maxLength={500} />
        <Field label="Avatar URL" name="avatarUrl" type="url" value={form.avatarUrl} error={error} onInput={set('avatarUrl')}
          hint="An https:// address of an image; leave empty for none." />
        <Field label="Banner URL" name="bannerUrl" type="url" value={form.bannerUrl} error={error} onInput={set('bannerUrl')} />
        <Submit busy={busy}>Save profile</Submit>
        <Done message={done} />
      </form>
    </section>
  );
}

/** The account's address: whether it is confirmed, a new verification mail, and a move to another address. */
function EmailForm() {
  const [status, setStatus] = useState<EmailStatus | null>(null);
  const [address, setAddress] = useState('');
  const resend = useSubmit();
  const change = useSubmit();
  useEffect(() => {
    users.me().then((me) => setStatus({ email: me.email, emailVerified: me.emailVerified, pendingEmail: me.pendingEmail }),
      (caught) => resend.setError(asApiError(caught)));
  }, []);
  const sendAgain = () =>
    resend.run(async () => {
      const sent = await auth.resendVerification();
      setStatus(sent);
      return `A new verification mail is on its way to ${sent.pendingEmail ?? sent.email}.`;
    });
  const submit = (event: Event) =>
    change.run(async () => {
      event.preventDefault();
      const moved = await users.changeEmail(address.trim());
      setStatus(moved);
      setAddress('');
      return `Check ${moved.pendingEmail ?? moved.email} for the link that confirms it; until then mail still goes to ${moved.email}.`;
    });
  return (
    <section aria-labelledby="email-title">
      <h2 id="email-title">Email</h2>
      {!status && !resend.error && <p class="loading">Loading…</p>}
      {status && (
        <p data-testid="email-status">
          <strong>{status.email}</strong>{' '}
          {status.emailVerified ? <span class="badge confirmed">confirmed</span> : <span class="badge warning">not confirmed yet</span>}
          {status.pendingEmail && <> · waiting for <strong>{status.pendingEmail}</strong> to be confirmed</>}
        </p>
      )}
      <FormError error={resend.error} />
      {status && (!status.emailVerified || status.pendingEmail) && (
        <p>
          <button type="button" onClick={sendAgain} disabled={resend.busy} aria-busy={resend.busy}>Send the verification mail again</button>
        </p>
      )}
      <Done message={resend.done} />
      <form onSubmit={submit} noValidate>
        <FormError error={change.error} shown={['email']} />
        <Field label="New email address" name="email" type="email" autocomplete="email" required value={address} error={change.error}
          hint="Your current address stays in use until you open the link we mail to the new one." onInput={(e) => setAddress(e.currentTarget.value)} />
        <Submit busy={change.busy}>Change email</Submit>
        <Done message={change.done} />
      </form>
    </section>
  );
}

function PreferencesForm() {
  const [settings, setSettings] = useState<UserSettings | null>(null);
  const { busy, error, done, run, setError } = useSubmit();
  useEffect(() => {
    users.settings().then(setSettings, (caught) => setError(asApiError(caught)));
  }, []);
  const submit = (event: Event) =>
    run(async () => {
      event.preventDefault();
      if (!settings) return;
      setSettings(await users.saveSettings({ emailNotifications: settings.emailNotifications, privacyLevel: settings.privacyLevel }));
      return 'Preferences saved.';
    });
  return (
    <section aria-labelledby="preferences-title">
      <h2 id="preferences-title">Preferences</h2>
      {!settings && !error && <p class="loading">Loading…</p>}
      <FormError error={error} shown={['privacyLevel', 'emailNotifications']} />
      {settings && (
        <form onSubmit={submit} noValidate>
          <label class="check">
            <input type="checkbox" name="emailNotifications" checked={settings.emailNotifications}
              onChange={(e) => setSettings({ ...settings, emailNotifications: e.currentTarget.checked })} />
            Email me when channels I follow go live
          </label>
          <div class={`field${error?.fieldErrors('privacyLevel').length ? ' invalid' : ''}`}>
            <label for="privacy">Who sees whom I follow and who follows me</label>
            <select id="privacy" value={settings.privacyLevel}
              onChange={(e) => setSettings({ ...settings, privacyLevel: e.currentTarget.value as UserSettings['privacyLevel'] })}>
              <option value="public">Everyone</option>
              <option value="friends">People who follow me and whom I follow back</option>
              <option value="private">Only me</option>
            </select>
            {error?.fieldErrors('privacyLevel').map((m) => <p class="field-error" key={m}>{m}</p>)}
          </div>
          <Submit busy={busy}>Save preferences</Submit>
          <Done message={done} />
        </form>
      )}
    </section>
  );
}

function QrCode({ text, label }: { text: string; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) generate(text).toCanvas(canvas.current, { padX: 4, padY: 4 });
  }, [text]);
  return <canvas ref={canvas} class="qr" role="img" aria-label={label} />;
}

function TwoFactor() {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, done, run, setError } = useSubmit();
  useEffect(() => {
    users.settings().then((s) => setEnabled(s.twoFactorEnabled), (caught) => setError(asApiError(caught)));
  }, []);

  const begin = () => run(async () => {
    setSetup(await users.beginTwoFactor());
    setCode('');
  });
  const enable = (event: Event) => run(async () => {
    event.preventDefault();
    await users.enableTwoFactor(code.trim());
    setEnabled(true);
    setSetup(null);
    setCode('');
    return 'Two-factor sign-in is on. You will be asked for a code each time you sign in.';
  });
  const disable = (event: Event) => run(async () => {
    event.preventDefault();
    await users.disableTwoFactor(code.trim());
    setEnabled(false);
    setCode('');
    return 'Two-factor sign-in is off.';
  });

  return (
    <section aria-labelledby="twofactor-title">
      <h2 id="twofactor-title">Two-factor sign-in</h2>
      <p>
        With two-factor sign-in, signing in takes your password and a 6-digit code from an authenticator app
        (such as Aegis, Google Authenticator or 1Password) on your phone.
      </p>
      {enabled === null && !error && <p class="loading">Loading…</p>}
      <Done message={done} />
      {enabled === false && !setup && (
        <>
          <FormError error={error} />
          <button type="button" class="primary" onClick={begin} disabled={busy}>Set up two-factor sign-in</button>
        </>
      )}
      {enabled === false && setup && (
        <form onSubmit={enable} noValidate>
          <ol class="steps">
            <li>
              Scan this code with your authenticator app:
              <QrCode text={setup.otpauthUri} label="QR code to add AeThex LIVE to an authenticator app" />
              <p class="hint">
                Cannot scan? Enter this key by hand: <code class="secret" data-testid="totp-secret">{setup.secret}</code>
                {' '}({setup.digits} digits, every {setup.periodSeconds} s).
              </p>
            </li>
            <li>
              Enter the code the app shows to finish:
              <FormError error={error} shown={['code']} />
              <Field label="6-digit code" name="code" inputMode="numeric" autocomplete="one-time-code" maxLength={6} required value={code}
                error={error} onInput={(e) => setCode(e.currentTarget.value)} />
            </li>
          </ol>
          <Submit busy={busy}>Turn on two-factor sign-in</Submit>{' '}
          <button type="button" onClick={() => setSetup(null)}>Cancel</button>
        </form>
      )}
      {enabled === true && (
        <form onSubmit={disable} noValidate>
          <p><strong>Two-factor sign-in is on.</strong> To turn it off, enter a current code from your app.</p>
          <FormError error={error} shown={['code']} />
          <Field label="6-digit code" name="code" inputMode="numeric" autocomplete="one-time-code" maxLength={6} required value={code}
            error={error} onInput={(e) => setCode(e.currentTarget.value)} />
          <Submit busy={busy}>Turn off two-factor sign-in</Submit>
        </form>
      )}
    </section>
  );
}
