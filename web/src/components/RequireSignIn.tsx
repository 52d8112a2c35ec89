import type { ComponentChildren } from 'preact';
import { currentUser, type SignedInUser } from '../api/session';
import { useLocation } from '../router';
import { useStore } from '../store';

/** Pages for signed-in people: everyone else gets a way to sign in that brings them back here. */
export function RequireSignIn({ children, what }: { children: (user: SignedInUser) => ComponentChildren; what: string }) {
  const user = useStore(currentUser);
  const { path } = useLocation();
  if (user) return <>{children(user)}</>;
  return (
    <section class="narrow">
      <h1>Sign in to {what}</h1>
      <p>
        <a class="button primary" href={`/login?next=${encodeURIComponent(path)}`}>Sign in</a> or{' '}
        <a href={`/signup?next=${encodeURIComponent(path)}`}>create an account</a>.
      </p>
    </section>
  );
}
