import { useEffect, useState } from 'preact/hooks';
import { auth } from '../api/endpoints';
import { startSession } from '../api/session';
import { Field, FormError, Submit, useSubmit } from '../components/forms';
import { navigate, useLocation } from '../router';
import { nextPath } from './Login';

export default function Signup() {
  const { query } = useLocation();
  const [form, setForm] = useState({ username: '', email: '', password: '', displayName: '' });
  const { busy, error, run } = useSubmit();
  const set = (name: keyof typeof form) => (event: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [name]: event.currentTarget.value });

  useEffect(() => {
    document.title = 'Create an account · AeThex LIVE';
  }, []);

  const submit = (event: Event) =>
    run(async () => {
      event.preventDefault();
      const username = form.username.trim().toLowerCase();
      await auth.register({ username, email: form.email.trim(), password: form.password, displayName: form.displayName.trim() || undefined });
      startSession(await auth.login({ login: username, password: form.password }));
      navigate(nextPath(query), { replace: true });
    });

  return (
    <section class="narrow">
      <h1>Create an account</h1>
      <form onSubmit={submit} noValidate>
        <FormError error={error} shown={['username', 'email', 'password', 'displayName']} />
        <Field label="Username" name="username" autocomplete="username" required value={form.username} error={error}
          hint="3–25 characters: a–z, 0–9 and _." onInput={set('username')} />
        <Field label="Email" name="email" type="email" autocomplete="email" required value={form.email} error={error} onInput={set('email')} />
        <Field label="Password" name="password" type="password" autocomplete="new-password" required value={form.password} error={error}
          hint="At least 10 characters, not a common password, without your username or email." onInput={set('password')} />
        <Field label="Display name (optional)" name="displayName" autocomplete="nickname" value={form.displayName} error={error}
          onInput={set('displayName')} />
        <Submit busy={busy}>Create account</Submit>
      </form>
      <p>
        Already have an account? <a href={`/login${query.get('next') ? `?next=${encodeURIComponent(nextPath(query))}` : ''}`}>Sign in</a>.
      </p>
    </section>
  );
}
