import { useEffect, useState } from 'preact/hooks';
import { auth } from '../../api/endpoints';
import { ApiError } from '../../api/problem';
import { currentUser, signOut } from '../../api/session';
import { Field, FormError, Submit, useSubmit } from '../../components/forms';
import { useLocation } from '../../router';

/** Where the reset mail's link lands: a new password, after which every session of the account (this browser's too) ends. */
export default function ResetPassword() {
  const { query } = useLocation();
  // Kept from the first render: the token leaves the address bar so it is not left in history.
  const [token] = useState(() => query.get('token') ?? '');
  const [form, setForm] = useState({ newPassword: '', repeat: '' });
  const [changed, setChanged] = useState(false);
  const { busy, error, run, setError } = useSubmit();

  useEffect(() => {
    document.title = 'Choose a new password · AeThex LIVE';
    if (query.get('token')) history.replaceState(null, '', '/reset-password');
  }, []);

  const submit = (event: Event) =>
    run(async () => {
      event.preventDefault();
      if (form.newPassword !== form.repeat) {
        setError(new ApiError({ status: 400, title: 'The passwords differ.', errors: { repeat: ['Type the same password twice.'] } }));
        return;
      }
      await auth.resetPassword(token, form.newPassword);
      // The server ended every session of the account; forget this browser's too.
      if (currentUser.value) await signOut();
      setChanged(true);
    });

  if (!token) {
    return (
      <section class="narrow">
        <h1>Choose a new password</h1>
        <p role="alert">This page needs the link from the password-reset mail. <a href="/forgot-password">Ask for a new link</a>.</p>
      </section>
    );
  }
  return (
    <section class="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      {changed ? (
        <p class="form-done" role="status">
          Your password is changed and every other sign-in has ended. <a href="/login">Sign in with the new password</a>.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <FormError error={error} shown={['newPassword', 'repeat']} />
          <Field label="New password" name="newPassword" type="password" autocomplete="new-password" required value={form.newPassword}
            error={error} hint="At least 10 characters, not a common password, without your username or email."
            onInput={(e) => setForm({ ...form, newPassword: e.currentTarget.value })} />
          <Field label="Repeat the new password" name="repeat" type="password" autocomplete="new-password" required value={form.repeat}
            error={error} onInput={(e) => setForm({ ...form, repeat: e.currentTarget.value })} />
          <Submit busy={busy}>Change password</Submit>
        </form>
      )}
      {error && ['reset-link-used', 'reset-link-expired', 'reset-link-invalid'].includes(error.kind) && (
        <p><a href="/forgot-password">Ask for a new link</a>.</p>
      )}
    </section>
  );
}
