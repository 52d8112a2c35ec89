import { useEffect, useState } from 'preact/hooks';
import { notifications } from '../api/endpoints';
import type { ApiError } from '../api/problem';
import type { NotificationItem } from '../api/types';
import { asApiError, FormError } from '../components/forms';
import { RequireSignIn } from '../components/RequireSignIn';
import { pushedNotifications, unreadNotifications } from '../notifications/live';
import { useStore } from '../store';

/** The signed-in user's notifications, newest first; opening the page marks them read, as Twitch's list does. */
export default function Notifications() {
  useEffect(() => {
    document.title = 'Notifications · AeThex LIVE';
  }, []);
  return <RequireSignIn what="see your notifications">{() => <NotificationList />}</RequireSignIn>;
}

function NotificationList() {
  const [items, setItems] = useState<NotificationItem[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const pushed = useStore(pushedNotifications);

  const markRead = async (newest: NotificationItem | undefined) => {
    if (!newest) return;
    try {
      const answer = await notifications.markRead(newest.id);
      unreadNotifications.set(answer.unreadCount);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  useEffect(() => {
    notifications.list().then((page) => {
      setItems(page.items);
      setNext(page.nextCursor);
      void markRead(page.items[0]);
    }, (caught) => setError(asApiError(caught)));
  }, []);
  // One pushed while the page is open joins the top of the list, already seen.
  useEffect(() => {
    if (!items || pushed.length === 0) return;
    const fresh = pushed.filter((p) => !items.some((i) => i.id === p.id));
    if (fresh.length === 0) return;
    setItems([...fresh, ...items]);
    void markRead(fresh[0]);
  }, [pushed]);

  const older = () => {
    if (!next) return;
    notifications.list(next).then((page) => {
      setItems([...(items ?? []), ...page.items]);
      setNext(page.nextCursor);
    }, (caught) => setError(asApiError(caught)));
  };

  return (
    <section class="narrow" aria-labelledby="notifications-title">
      <h1 id="notifications-title">Notifications</h1>
      <FormError error={error} />
      {!items && !error && <p class="loading">Loading…</p>}
      {items && items.length === 0 && (
        <p class="muted">Nothing yet. When a channel you follow goes live, it shows here (and by email, if the channel’s bell is on).</p>
      )}
      {items && items.length > 0 && (
        <ol class="plain-list" aria-label="Your notifications">
          {items.map((n) => (
            <li key={n.id} class={n.read ? 'read' : 'unread'}>
              <a href={`/${n.channelSlug}`}><strong>{n.channelName}</strong> went live</a>: {n.title}{' '}
              <time class="muted" dateTime={n.createdAt}>{new Date(n.createdAt).toLocaleString()}</time>
            </li>
          ))}
        </ol>
      )}
      {next && <button type="button" onClick={older}>Show older</button>}
      <p class="muted">
        Choose which channels may email you with the bell on their page; turn all go-live emails off in{' '}
        <a href="/settings/preferences">your preferences</a>.
      </p>
    </section>
  );
}
