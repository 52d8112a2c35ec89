import { useEffect, useState } from 'preact/hooks';
import { auth } from '../api/endpoints';
import { sessionEndedReason, startSession } from '../api/session';
import { Field, FormError, Submit, useSubmit } from '../components/forms';
import { navigate, useLocation } from '../router';
import { useStore } from '../store';

/** Where to go after signing in: a path on this site only, never another origin. */
export function nextPath(query: URLSearchParams): string {
  const next = query.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') && !/^\/(login|signup)(\/|$|\?)/.test(next) ? next : '/';
}

export default function Login() {
  const { query } = useLocation();
  const ended = useStore(sessionEndedReason);
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const { busy, error, run, setError } = useSubmit();

  useEffect(() => {
    document.title = 'Sign in · AeThex LIVE';
  }, []);
  useEffect(() => {
    if (needsCode) document.getElementById('field-code')?.focus();
  }, [needsCode]);

  const submit = (event: Event) =>
    run(async () => {
      event.preventDefault();
      try {
        const tokens = await auth.login({ login: login.trim(), password, code: needsCode ? code.trim() : undefined });
        startSession(tokens);
        navigate(nextPath(query), { replace: true });
      } catch (caught) {
        // The password was right and the account has two-factor on: ask for the code, keep the rest.
        if (caught instanceof Error && 'kind' in caught && caught.kind === 'two-factor-required') {
          setNeedsCode(true);
          setError(null);
          return;
        }
        throw caught;
      }
    });

  return (
    <section class="narrow">
      <h1>Sign in</h1>
      {ended && <p class="notice" role="status">{ended}</p>}
      <form onSubmit={submit} noValidate>
        <FormError error={error} shown={['login', 'password', 'code']} />
        <Field label="Username or email" name="login" autocomplete="username" required value={login} error={error}
          onInput={(e) => setLogin(e.currentTarget.value)} />
        <Field label="Password" name="password" type="password" autocomplete="current-password" required value={password} error={error}
          onInput={(e) => setPassword(e.currentTarget.value)} />
        {needsCode && (
          <Field label="Two-factor code" name="code" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxLength={6}
            required value={code} error={error}
            hint="Your account has two-factor sign-in on: enter the 6-digit code from your authenticator app."
            onInput={(e) => setCode(e.currentTarget.value)} />
        )}
        <Submit busy={busy}>{needsCode ? 'Verify and sign in' : 'Sign in'}</Submit>
      </form>
      <p>
        <a href="/forgot-password">Forgot your password?</a>
      </p>
      <p>
        New here? <a href={`/signup${query.get('next') ? `?next=${encodeURIComponent(nextPath(query))}` : ''}`}>Create an account</a>.
      </p>
    </section>
  );
}
