import { useEffect, useState } from 'preact/hooks';
import { auth } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import { currentUser } from '../../api/session';
import type { EmailStatus } from '../../api/types';
import { asApiError } from '../../components/forms';
import { useLocation } from '../../router';
import { useStore } from '../../store';

/** Where the verification mail's link lands: the token is sent once, as the page opens, and the outcome shown in words. */
export default function VerifyEmail() {
  const { query } = useLocation();
  const token = query.get('token') ?? '';
  const user = useStore(currentUser);
  const [confirmed, setConfirmed] = useState<EmailStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    document.title = 'Confirm your email · AeThex LIVE';
    if (!token) return;
    // The link is single-use: drop the token from the address bar so a reload or a shared URL does not spend it.
    history.replaceState(null, '', '/verify-email');
    auth.verifyEmail(token).then(setConfirmed, (caught) => setError(asApiError(caught)));
  }, [token]);

  return (
    <section class="narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">Confirm your email</h1>
      {!token && !confirmed && !error && (
        <p role="alert">This page needs the link from the verification mail. Copy the whole link, or ask for a new mail in your settings.</p>
      )}
      {token && !confirmed && !error && <p class="loading" role="status">Confirming…</p>}
      {confirmed && (
        <p class="form-done" role="status">
          Thank you: <strong>{confirmed.email}</strong> is confirmed.
        </p>
      )}
      {error && (
        <div class="form-error" role="alert">
          <p>{error.message}</p>
        </div>
      )}
      <p>
        {user ? <a href="/settings/profile">Back to your settings</a> : <a href="/login?next=/settings/profile">Sign in</a>}
        {error && ' to ask for a new verification mail.'}
      </p>
    </section>
  );
}
