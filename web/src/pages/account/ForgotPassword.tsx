import { useEffect, useState } from 'preact/hooks';
import { auth } from '../../api/endpoints';
import { Field, FormError, Submit, useSubmit } from '../../components/forms';

/** Asks for a reset link. The answer is the same whether or not the account exists, so the page never tells either. */
export default function ForgotPassword() {
  const [login, setLogin] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();

  useEffect(() => {
    document.title = 'Forgot your password · AeThex LIVE';
  }, []);

  const submit = (event: Event) =>
    run(async () => {
      event.preventDefault();
      await auth.forgotPassword(login.trim());
      setSent(true);
    });

  return (
    <section class="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password</h1>
      {sent ? (
        <p class="form-done" role="status">
          If an account has that username or email, a link to choose a new password is on its way to the account's address. It works
          once, for an hour.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormError error={error} shown={['login']} />
          <Field label="Username or email" name="login" autocomplete="username" required value={login} error={error}
            onInput={(e) => setLogin(e.currentTarget.value)} />
          <Submit busy={busy}>Send a reset link</Submit>
        </form>
      )}
      <p>
        Remembered it? <a href="/login">Sign in</a>.
      </p>
    </section>
  );
}
