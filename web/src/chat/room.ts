import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from '@microsoft/signalr';
import { accessToken } from '../api/session';
import type { AlertEvent, ChatMessage, Poll, UserBannedEvent } from '../api/types';

export interface RoomEvents {
  message(message: ChatMessage): void;
  deleted(messageId: string): void;
  banned(event: UserBannedEvent): void;
  reactions(counts: Record<string, number>): void;
  poll(poll: Poll, kind: 'started' | 'updated' | 'ended'): void;
  alert(alert: AlertEvent): void;
  /** Connected and in the room; after a reconnect too, so the page can fill the gap. */
  joined(): void;
  state(state: 'connecting' | 'connected' | 'reconnecting' | 'disconnected'): void;
}

/**
 * One stream's chat room over /hubs/chat. Signed-in connections carry the access token as
 * access_token (browsers cannot put headers on a WebSocket), fetched fresh on every
 * (re)connect; anonymous ones read only.
 */
export class ChatRoom {
  private readonly connection: HubConnection;
  private stopped = false;

  constructor(private readonly streamId: string, signedIn: boolean, private readonly on: RoomEvents) {
    this.connection = new HubConnectionBuilder()
      .withUrl('/hubs/chat', signedIn ? { accessTokenFactory: async () => (await accessToken()) ?? '' } : {})
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
      .configureLogging(LogLevel.Warning)
      .build();
    const c = this.connection;
    c.on('MessageReceived', (message: ChatMessage) => message.streamId === streamId && on.message(message));
    c.on('MessageDeleted', (event: { messageId: string; streamId: string }) => event.streamId === streamId && on.deleted(event.messageId));
    c.on('UserBanned', (event: UserBannedEvent) => on.banned(event));
    c.on('ReactionReceived', (event: { streamId?: string; counts: Record<string, number> }) =>
      (!event.streamId || event.streamId === streamId) && on.reactions(event.counts));
    c.on('PollStarted', (poll: Poll) => poll.streamId === streamId && on.poll(poll, 'started'));
    c.on('PollUpdated', (poll: Poll) => poll.streamId === streamId && on.poll(poll, 'updated'));
    c.on('PollEnded', (poll: Poll) => poll.streamId === streamId && on.poll(poll, 'ended'));
    c.on('Alert', (alert: AlertEvent) => on.alert(alert));
    c.onreconnecting(() => on.state('reconnecting'));
    c.onreconnected(() => void this.join());
    c.onclose(() => {
      on.state('disconnected');
      if (!this.stopped) window.setTimeout(() => void this.start(), 5000);
    });
  }

  async start(): Promise<void> {
    if (this.stopped) return;
    this.on.state('connecting');
    try {
      await this.connection.start();
      await this.join();
    } catch {
      this.on.state('disconnected');
      if (!this.stopped) window.setTimeout(() => void this.start(), 5000);
    }
  }

  private async join(): Promise<void> {
    const joined = unwrap(await this.connection.invoke<HubReply<JoinedRoom>>('JoinStream', this.streamId));
    this.on.state('connected');
    this.on.joined();
    if (joined.runningPoll) this.on.poll(joined.runningPoll, 'updated');
  }

  get connected(): boolean {
    return this.connection.state === HubConnectionState.Connected;
  }

  send(text: string): Promise<ChatMessage> {
    return this.call(() => this.connection.invoke<HubReply<ChatMessage>>('SendMessage', this.streamId, text));
  }

  react(emoji: string): Promise<void> {
    return this.call(() => this.connection.invoke<HubReply<string>>('SendReaction', this.streamId, emoji)).then(() => undefined);
  }

  vote(pollId: string, optionId: string): Promise<void> {
    return this.call(() => this.connection.invoke<HubReply<string>>('Vote', pollId, optionId)).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connection.stop();
  }

  /** A refused call rejects with the hub's reason alone, ready to show. */
  private async call<T>(work: () => Promise<HubReply<T>>): Promise<T> {
    if (!this.connected) throw new Error('Chat is reconnecting; try again in a moment.');
    let reply: HubReply<T>;
    try {
      reply = await work();
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const reason = text.includes('HubException: ') ? text.slice(text.indexOf('HubException: ') + 'HubException: '.length) : text;
      throw new Error(reason || 'Chat refused that; try again.');
    }
    return unwrap(reply);
  }
}

/** Every hub method answers {ok, value} or {ok: false, refusal}; a refusal carries a code and a reason to show. */
interface HubReply<T> {
  ok: boolean;
  value?: T;
  refusal?: { code: string; reason: string; retryAfterSeconds?: number; until?: string };
}

interface JoinedRoom {
  streamId: string;
  isLive: boolean;
  runningPoll?: Poll | null;
}

/** Thrown for a refused hub call; the message is the hub's reason, ready to show. */
export class ChatRefusal extends Error {
  constructor(readonly code: string, reason: string, readonly retryAfterSeconds?: number) {
    super(reason);
  }
}

function unwrap<T>(reply: HubReply<T>): T {
  if (reply.ok) return reply.value as T;
  const refusal = reply.refusal ?? { code: 'refused', reason: 'Chat refused that; try again.' };
  throw new ChatRefusal(refusal.code, refusal.reason, refusal.retryAfterSeconds);
}
