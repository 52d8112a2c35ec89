import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { chat } from '../api/endpoints';
import { currentUser } from '../api/session';
import { REACTIONS, SUBSCRIPTION_TIERS, type AlertEvent, type ChatMessage, type Poll } from '../api/types';
import { ChatRoom } from '../chat/room';
import { useStore } from '../store';
import { tierName } from '../payments/tiers';
import { PollCard } from './PollCard';
import { reactionBursts } from './ReactionOverlay';

const KEEP_MESSAGES = 200;

interface Ban {
  until: string | null;
}

/** Unique by id, oldest first, the newest KEEP_MESSAGES. */
function ordered(messages: ChatMessage[]): ChatMessage[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  return [...byId.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)).slice(-KEEP_MESSAGES);
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function describeAlert(alert: AlertEvent): string {
  const money = alert.amountCents != null
    ? new Intl.NumberFormat(undefined, { style: 'currency', currency: (alert.currency ?? 'USD').toUpperCase() }).format(alert.amountCents / 100)
    : '';
  // A gifted subscription's alert carries its tier; each recipient's alert, naming the gifter, follows it.
  if (alert.type === 'gift' && (SUBSCRIPTION_TIERS as readonly (string | null)[]).includes(alert.tier)) {
    const tier = tierName(alert.tier!);
    const gifted = alert.count && alert.count > 1 ? `${alert.count} ${tier} subscriptions` : `a ${tier} subscription`;
    return `${alert.from} gifted ${gifted}${money ? ` (${money})` : ''}${alert.message ? `: “${alert.message}”` : ''}`;
  }
  switch (alert.type) {
    case 'donation': return `${alert.from} donated ${money}${alert.message ? `: “${alert.message}”` : ''}`;
    case 'subscription': if (alert.giftedBy) return `${alert.from} received ${alert.tier ? `a ${tierName(alert.tier)}` : 'a'} subscription from ${alert.giftedBy}`;
      return `${alert.from} subscribed${alert.tier ? ` at ${tierName(alert.tier)}` : ''}${alert.message ? `: “${alert.message}”` : ''}`;
    // Other gifts are the catalogue's virtual gifts: the tier names the gift ("star"), count how many.
    case 'gift': return `${alert.from} sent ${alert.count ?? 1} × ${alert.tier ?? 'gift'}${money ? ` (${money})` : ''}${alert.message ? `: “${alert.message}”` : ''}`;
    default: return `${alert.from}: ${alert.message ?? alert.type}`;
  }
}

/**
 * The stream's chat room beside the player: history then live messages, moderation applied as
 * it happens, polls, alerts and reactions. Anonymous viewers read and are invited to sign in.
 */
export function ChatPanel({ streamId, slug, ownerId }: { streamId: string; slug: string; ownerId: string }) {
  const user = useStore(currentUser);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [state, setState] = useState<'connecting' | 'connected' | 'reconnecting' | 'disconnected'>('connecting');
  const [poll, setPoll] = useState<Poll | null>(null);
  const [myVotes, setMyVotes] = useState<Record<string, string>>({});
  const [pollError, setPollError] = useState<string | null>(null);
  const [alerts, setAlerts] = useState<{ id: number; text: string }[]>([]);
  const [ban, setBan] = useState<Ban | null>(null);
  const [draft, setDraft] = useState('');
  const [sendError, setSendError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [canModerate, setCanModerate] = useState(false);
  const room = useRef<ChatRoom | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);

  useEffect(() => {
    setMessages([]);
    const merge = (incoming: ChatMessage[]) => setMessages((current) => ordered([...current, ...incoming]));
    let alertId = 0;
    const connection = new ChatRoom(streamId, !!user, {
      message: (message) => merge([message]),
      deleted: (id) => setMessages((current) => current.filter((m) => m.id !== id)),
      banned: (event) => {
        const removed = new Set(event.removedMessageIds);
        setMessages((current) => current.filter((m) => !removed.has(m.id)));
        if (user && event.userId === user.id) setBan({ until: event.until });
      },
      reactions: (counts) => reactionBursts.set(counts),
      poll: (next) => {
        setPoll(next);
        if (next.status !== 'active') setPollError(null);
      },
      alert: (alert) => {
        const id = ++alertId;
        setAlerts((current) => [...current.slice(-2), { id, text: describeAlert(alert) }]);
        window.setTimeout(() => setAlerts((current) => current.filter((a) => a.id !== id)), 10000);
      },
      // Joined (or re-joined after a reconnect): the history replaces what it covers, so messages
      // deleted while the connection was down go too; anything newer that arrived live stays.
      joined: () => void chat.history(streamId).then((page) => setMessages((current) => {
        const newest = page.items.length ? Date.parse(page.items[0].createdAt) : 0;
        return ordered([...page.items, ...current.filter((m) => Date.parse(m.createdAt) > newest)]);
      }), () => undefined),
      state: setState,
    });
    room.current = connection;
    void connection.start();
    return () => {
      room.current = null;
      void connection.stop();
    };
  }, [streamId, user?.id]);

  // Moderators see blocked terms in the chat settings; everyone else gets null. That tells the page whom to offer moderation tools.
  useEffect(() => {
    setCanModerate(false);
    if (!user) return;
    chat.settings(slug).then((settings) => setCanModerate(settings.blockedTerms !== null), () => undefined);
  }, [slug, user?.id]);

  // A time-out ends by itself: lift the banner when it does.
  useEffect(() => {
    if (!ban?.until) return;
    const left = new Date(ban.until).getTime() - Date.now();
    const timer = window.setTimeout(() => setBan(null), Math.max(0, left));
    return () => window.clearTimeout(timer);
  }, [ban]);

  // Keep the newest message in view unless the reader has scrolled up.
  useLayoutEffect(() => {
    const element = list.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [messages]);

  const send = async (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text || !room.current) return;
    setSending(true);
    setSendError(null);
    setNotice(null);
    try {
      const stored = await room.current.send(text);
      setDraft('');
      if (stored.held) setNotice('Your message is waiting for a moderator to review it.');
      else setMessages((current) => ordered([...current, stored]));
    } catch (caught) {
      setSendError((caught as Error).message);
    } finally {
      setSending(false);
    }
  };

  const vote = async (optionId: string) => {
    if (!poll || !room.current) return;
    setPollError(null);
    try {
      await room.current.vote(poll.id, optionId);
      setMyVotes((current) => ({ ...current, [poll.id]: optionId }));
    } catch (caught) {
      setPollError((caught as Error).message);
    }
  };

  const react = async (emoji: string) => {
    try {
      await room.current?.react(emoji);
    } catch (caught) {
      setSendError((caught as Error).message);
    }
  };

  const signInHref = `/login?next=${encodeURIComponent(`/${slug}`)}`;
  return (
    <aside class="chat" aria-label="Chat">
      <header class="chat-header">
        <h2>Chat</h2>
        <span class={`chat-state ${state}`} role="status">
          {state === 'connected' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : state === 'connecting' ? 'Connecting…' : 'Offline, retrying…'}
        </span>
      </header>
      {alerts.length > 0 && (
        <ul class="alerts" aria-live="polite" aria-label="Alerts">
          {alerts.map((alert) => <li key={alert.id} class="alert">{alert.text}</li>)}
        </ul>
      )}
      {poll && (
        <PollCard poll={poll} myVote={myVotes[poll.id]} canVote={!!user && !ban} onVote={vote} error={pollError}
          signInHref={user ? undefined : signInHref} onDismiss={() => setPoll(null)} />
      )}
      <ol class="messages" ref={list} aria-label="Messages" aria-live="polite" aria-relevant="additions"
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}>
        {messages.length === 0 && <li class="muted empty">No messages yet. Say hello!</li>}
        {messages.map((message) => (
          <ChatLine key={message.id} message={message} mine={user?.id === message.userId} owner={message.userId === ownerId}
            canModerate={canModerate} slug={slug} signedIn={!!user} />
        ))}
      </ol>
      {ban && (
        <p class="banned" role="alert">
          {ban.until
            ? `A moderator timed you out of this chat until ${new Date(ban.until).toLocaleString()}. You can read along meanwhile.`
            : 'A moderator banned you from this chat. You can still watch the stream.'}
        </p>
      )}
      {user ? (
        <>
          <form class="chat-form" onSubmit={send}>
            <label for="chat-input" class="visually-hidden">Send a message</label>
            <input id="chat-input" maxLength={500} placeholder={ban ? 'You cannot chat right now' : 'Send a message'} autocomplete="off"
              value={draft} disabled={!!ban} onInput={(e) => setDraft(e.currentTarget.value)}
              aria-invalid={!!sendError} aria-describedby={sendError ? 'chat-error' : undefined} />
            <button type="submit" class="primary" disabled={sending || !!ban || !draft.trim()}>Chat</button>
          </form>
          {sendError && <p id="chat-error" class="field-error" role="alert">{sendError}</p>}
          {notice && <p class="notice" role="status">{notice}</p>}
          <div class="reactions" role="group" aria-label="React">
            {REACTIONS.map((emoji) => (
              <button key={emoji} type="button" class="reaction" onClick={() => react(emoji)} disabled={!!ban} aria-label={`React with ${emoji}`}>
                {emoji}
              </button>
            ))}
          </div>
        </>
      ) : (
        <p class="chat-signin">
          <a href={signInHref} class="button primary">Sign in to chat</a> or <a href={`/signup?next=${encodeURIComponent(`/${slug}`)}`}>create an account</a>.
          Anyone can read along.
        </p>
      )}
    </aside>
  );
}

/** One message, with the actions the reader may take on it: delete and ban for moderators, report for others. */
function ChatLine({ message, mine, owner, canModerate, slug, signedIn }: {
  message: ChatMessage; mine: boolean; owner: boolean; canModerate: boolean; slug: string; signedIn: boolean;
}) {
  const [status, setStatus] = useState<string | null>(null);
  const act = (work: () => Promise<unknown>, done: string) => async () => {
    try {
      await work();
      setStatus(done);
    } catch (caught) {
      setStatus((caught as Error).message);
    }
  };
  const actions = signedIn && (mine || canModerate || !owner);
  return (
    <li class={`message${mine ? ' mine' : ''}`}>
      <span class="meta"><time dateTime={message.createdAt}>{time(message.createdAt)}</time></span>{' '}
      {message.subscriberTier && (
        <span class={`sub-badge tier-${message.subscriberTier}`} title={`${tierName(message.subscriberTier)} subscriber`}>
          {tierName(message.subscriberTier)}<span class="visually-hidden"> subscriber</span>
        </span>
      )}{message.subscriberTier && ' '}
      <a class={`author${owner ? ' owner' : ''}`} href={`/u/${message.username}`}>{message.username}</a>
      {owner && <span class="visually-hidden"> (channel owner)</span>}: <span class="text">{message.message}</span>
      {actions && (
        <details class="message-actions">
          <summary aria-label={`Actions for the message from ${message.username}`}>⋯</summary>
          <div class="menu-list">
            {(mine || canModerate) && <button type="button" onClick={act(() => chat.deleteMessage(message.id), 'Deleted.')}>Delete</button>}
            {canModerate && !mine && !owner && (
              <>
                <button type="button" onClick={act(() => chat.ban(slug, { username: message.username, durationSeconds: 600, reason: 'Timed out from chat' }), 'Timed out for 10 minutes.')}>
                  Time out 10 min
                </button>
                <button type="button" onClick={act(() => chat.ban(slug, { username: message.username, reason: 'Banned from chat' }), 'Banned.')}>Ban</button>
              </>
            )}
            {!mine && <button type="button" onClick={act(() => chat.report(message.id, 'Reported from chat'), 'Reported to the moderators.')}>Report</button>}
          </div>
        </details>
      )}
      {status && <span class="action-status" role="status"> {status}</span>}
    </li>
  );
}
