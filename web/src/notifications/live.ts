import { notifications } from '../api/endpoints';
import { accessToken, currentUser } from '../api/session';
import type { NotificationItem } from '../api/types';
import { Store } from '../store';

/** How many of the signed-in user's notifications are unread; null while signed out or not yet known. */
export const unreadNotifications = new Store<number | null>(null);

/** Notifications pushed to this tab since it opened, newest first (the page lists the rest from the API). */
export const pushedNotifications = new Store<NotificationItem[]>([]);

let stop: (() => Promise<void>) | null = null;

/**
 * While someone is signed in, one connection to the chat hub (which sends a user's notifications to every
 * connection they have open) keeps the unread count live on every page. The SignalR client loads only then.
 */
export function watchNotifications(): void {
  currentUser.subscribe((user) => void follow(user?.id ?? null));
  void follow(currentUser.value?.id ?? null);
}

let followed: string | null = null;

async function follow(userId: string | null): Promise<void> {
  if (userId === followed) return;
  followed = userId;
  const previous = stop;
  stop = null;
  await previous?.();
  unreadNotifications.set(null);
  pushedNotifications.set([]);
  if (!userId) return;

  const { HubConnectionBuilder, LogLevel } = await import('@microsoft/signalr');
  if (followed !== userId) return;
  const connection = new HubConnectionBuilder()
    .withUrl('/hubs/chat', { accessTokenFactory: async () => (await accessToken()) ?? '' })
    .withAutomaticReconnect([0, 2000, 5000, 10000, 30000])
    .configureLogging(LogLevel.Warning)
    .build();
  connection.on('Notification', (pushed: Omit<NotificationItem, 'read'>) => {
    if (pushedNotifications.value.some((n) => n.id === pushed.id)) return;
    pushedNotifications.set([{ ...pushed, read: false }, ...pushedNotifications.value]);
    unreadNotifications.set((unreadNotifications.value ?? 0) + 1);
  });
  // After a reconnect the count is read again: pushes sent while away are in the list, not replayed.
  const recount = () => notifications.list().then((page) => followed === userId && unreadNotifications.set(page.unreadCount), () => undefined);
  connection.onreconnected(() => void recount());
  let stopped = false;
  stop = async () => {
    stopped = true;
    await connection.stop().catch(() => undefined);
  };
  try {
    await connection.start();
  } catch {
    // The count still shows; pushes resume on the next sign-in or reload.
  }
  if (!stopped) await recount();
}
