import { del, enc, get, patch, post, put, query } from './http';
import type {
  Ban, Broadcast, ChatHistoryPage, ChatMessage, ChatSettings, Checkout, EmailStatus, FollowedChannel, FollowEntry, LiveChannel, MyProfile,
  Page, PaymentsConfig, Poll, PublicProfile, PurchaseState, Report, RevenueReport, StreamKey, TokenResponse, TwoFactorSetup, UserSettings,
  AnalyticsSummary, Bracket, BroadcastAnalytics, ChannelAnalytics, Clip, Leaderboard, LeaderboardEntries, Tournament, TournamentSummary, Vod,
  NotificationList, ReceivedDonation, ReceivedGift, Subscription, Payout, PayoutAccount, PayoutOnboarding,
} from './types';

// One function per public route the app uses, named for what it does.

export const auth = {
  register: (body: { username: string; email: string; password: string; displayName?: string }) =>
    post<{ id: string; username: string }>('/api/auth/register', body, { anonymous: true }),
  login: (body: { login: string; password: string; code?: string }) => post<TokenResponse>('/api/auth/login', body, { anonymous: true }),
  verifyEmail: (token: string) => post<EmailStatus>('/api/auth/verify-email', { token }, { anonymous: true }),
  resendVerification: () => post<EmailStatus>('/api/auth/verify-email/resend'),
  forgotPassword: (login: string) => post<void>('/api/auth/forgot-password', { login }, { anonymous: true }),
  resetPassword: (token: string, newPassword: string) => post<void>('/api/auth/reset-password', { token, newPassword }, { anonymous: true }),
};

export const users = {
  me: () => get<MyProfile>('/api/users/me'),
  updateMe: (body: { displayName?: string; bio?: string; avatarUrl?: string; bannerUrl?: string }) => patch<MyProfile>('/api/users/me', body),
  changeEmail: (email: string) => put<EmailStatus>('/api/users/me/email', { email }),
  profile: (username: string) => get<PublicProfile>(`/api/users/${enc(username)}`),
  settings: () => get<UserSettings>('/api/users/me/settings'),
  saveSettings: (body: { emailNotifications: boolean; privacyLevel: string }) => put<UserSettings>('/api/users/me/settings', body),
  beginTwoFactor: () => post<TwoFactorSetup>('/api/users/me/two-factor'),
  enableTwoFactor: (code: string) => post<{ twoFactorEnabled: boolean }>('/api/users/me/two-factor/enable', { code }),
  disableTwoFactor: (code: string) => del<{ twoFactorEnabled: boolean }>('/api/users/me/two-factor', { code }),
  follow: (username: string) => put<void>(`/api/users/${enc(username)}/follow`),
  unfollow: (username: string) => del<void>(`/api/users/${enc(username)}/follow`),
  following: (username: string, cursor?: string) =>
    get<Page<FollowEntry>>(`/api/users/${enc(username)}/following${query({ limit: 50, cursor })}`),
  followedChannels: (cursor?: string) => get<Page<FollowedChannel>>(`/api/users/me/followed-channels${query({ limit: 50, cursor })}`),
};

export const notifications = {
  list: (cursor?: string) => get<NotificationList>(`/api/users/me/notifications${query({ limit: 20, cursor })}`),
  markRead: (upTo: string) => post<{ marked: number; unreadCount: number }>('/api/users/me/notifications/read', { upTo }),
};

export interface DirectoryFilter {
  q?: string;
  category?: string;
  language?: string;
  live?: boolean;
}

const prefetched = new Map<string, { answer: Promise<LiveChannel>; at: number }>();
/** A prefetched answer older than this is not used: the page asks afresh. */
const PREFETCH_FRESH_MS = 15_000;

/**
 * Starts loading a channel as soon as its address is known, while the watch page's code is still
 * downloading; the page's first read takes this answer instead of asking again.
 */
export function prefetchChannel(slug: string): void {
  const held = prefetched.get(slug);
  if (held && Date.now() - held.at < PREFETCH_FRESH_MS) return;
  const answer = get<LiveChannel>(`/api/channels/${enc(slug)}`);
  answer.catch(() => undefined); // a failure is reported to the page that takes it, not as an unhandled rejection
  prefetched.set(slug, { answer, at: Date.now() });
}

function takePrefetched(slug: string): Promise<LiveChannel> | undefined {
  const held = prefetched.get(slug);
  prefetched.delete(slug);
  return held && Date.now() - held.at < PREFETCH_FRESH_MS ? held.answer : undefined;
}

export const channels = {
  list: (filter: DirectoryFilter, cursor?: string) =>
    get<Page<LiveChannel>>(`/api/channels${query({ ...filter, live: filter.live ? true : undefined, limit: 24, cursor })}`),
  get: (slug: string) => get<LiveChannel>(`/api/channels/${enc(slug)}`),
  /** The first read on the watch page: the prefetched answer when there is one. */
  getFirst: (slug: string) => takePrefetched(slug) ?? get<LiveChannel>(`/api/channels/${enc(slug)}`),
  create: (body: { name: string; slug: string; description?: string; category?: string; language?: string }) =>
    post<LiveChannel>('/api/channels', body),
  update: (slug: string, body: { name?: string; description?: string; category?: string; language?: string }) =>
    patch<LiveChannel>(`/api/channels/${enc(slug)}`, body),
  streamKey: (slug: string) => get<StreamKey>(`/api/channels/${enc(slug)}/stream-key`),
  rotateStreamKey: (slug: string) => post<StreamKey>(`/api/channels/${enc(slug)}/stream-key/rotate`),
  follow: (slug: string) => put<void>(`/api/channels/${enc(slug)}/follow`),
  unfollow: (slug: string) => del<void>(`/api/channels/${enc(slug)}/follow`),
  streams: (slug: string, status?: 'live' | 'scheduled' | 'ended') =>
    get<Page<Broadcast>>(`/api/channels/${enc(slug)}/streams${query({ status, limit: 20 })}`),
  schedule: (slug: string, body: { title: string; description?: string; tags?: string[] }) =>
    post<Broadcast>(`/api/channels/${enc(slug)}/streams`, body),
};

export const streams = {
  get: (id: string) => get<Broadcast>(`/api/streams/${enc(id)}`),
  update: (id: string, body: { title?: string; description?: string; tags?: string[] }) => patch<Broadcast>(`/api/streams/${enc(id)}`, body),
  heartbeat: (id: string, viewerId: string) => post<{ viewerCount: number }>(`/api/streams/${enc(id)}/viewers/heartbeat`, { viewerId }),
};

export const chat = {
  history: (streamId: string) => get<ChatHistoryPage>(`/api/streams/${enc(streamId)}/chat${query({ limit: 50 })}`),
  deleteMessage: (id: string) => del<void>(`/api/chat/messages/${enc(id)}`),
  report: (id: string, reason: string) => post<Report>(`/api/chat/messages/${enc(id)}/reports`, { reason }),
  settings: (slug: string) => get<ChatSettings>(`/api/channels/${enc(slug)}/chat-settings`),
  saveSettings: (slug: string, body: ChatSettings) => put<ChatSettings>(`/api/channels/${enc(slug)}/chat-settings`, body),
  bans: (slug: string) => get<Ban[]>(`/api/channels/${enc(slug)}/bans`),
  ban: (slug: string, body: { username: string; reason?: string; durationSeconds?: number }) => post<Ban>(`/api/channels/${enc(slug)}/bans`, body),
  unban: (slug: string, username: string) => del<void>(`/api/channels/${enc(slug)}/bans/${enc(username)}`),
  appointModerator: (slug: string, username: string) => put<void>(`/api/channels/${enc(slug)}/moderators/${enc(username)}`),
  removeModerator: (slug: string, username: string) => del<void>(`/api/channels/${enc(slug)}/moderators/${enc(username)}`),
  queue: (slug: string, cursor?: string) => get<Page<Report>>(`/api/channels/${enc(slug)}/moderation-queue${query({ limit: 50, cursor })}`),
  resolve: (id: string, decision: 'approve' | 'reject') => post<Report>(`/api/moderation-queue/${enc(id)}`, { decision }),
  post: (streamId: string, message: string) => post<ChatMessage>(`/api/streams/${enc(streamId)}/chat`, { message }),
};

export const polls = {
  create: (streamId: string, body: { question: string; options: string[]; durationSeconds: number }) =>
    post<Poll>(`/api/streams/${enc(streamId)}/polls`, body),
  get: (id: string) => get<Poll>(`/api/polls/${enc(id)}`),
  end: (id: string) => post<Poll>(`/api/polls/${enc(id)}/end`),
};

/** Money moves once per Idempotency-Key: a retry of the same payment sends the same key. */
const withKey = (key: string) => ({ headers: { 'Idempotency-Key': key } });

export const payments = {
  config: () => get<PaymentsConfig>('/api/payments/config', { anonymous: true }),
  donate: (slug: string, body: { amountCents: number; currency: string; message?: string; streamId?: string }, key: string) =>
    post<Checkout>(`/api/channels/${enc(slug)}/donations`, body, withKey(key)),
  donation: (id: string) => get<PurchaseState>(`/api/donations/${enc(id)}`),
  gift: (body: { channelSlug: string; giftType: string; quantity: number; recipientUsername?: string; streamId?: string; message?: string },
    key: string) => post<Checkout>('/api/gifts', body, withKey(key)),
  giftPurchase: (id: string) => get<PurchaseState>(`/api/gifts/${enc(id)}`),
  revenue: (slug: string, range: { from?: string; to?: string } = {}) =>
    get<RevenueReport>(`/api/channels/${enc(slug)}/revenue${query(range)}`),
  donations: (slug: string, cursor?: string) =>
    get<Page<ReceivedDonation>>(`/api/channels/${enc(slug)}/donations${query({ limit: 20, cursor })}`),
  gifts: (slug: string, cursor?: string) => get<Page<ReceivedGift>>(`/api/channels/${enc(slug)}/gifts${query({ limit: 20, cursor })}`),
};

export const subscriptions = {
  /** One live subscription per channel: a second answers 409 already-subscribed naming the first, so no key is needed. */
  subscribe: (slug: string, tier: string) => post<Subscription>(`/api/channels/${enc(slug)}/subscriptions`, { tier }),
  mine: (cursor?: string) => get<Page<Subscription>>(`/api/users/me/subscriptions${query({ limit: 50, cursor })}`),
  get: (id: string) => get<Subscription>(`/api/subscriptions/${enc(id)}`),
  changeTier: (id: string, tier: string) => patch<Subscription>(`/api/subscriptions/${enc(id)}`, { tier }),
  cancel: (id: string) => del<Subscription>(`/api/subscriptions/${enc(id)}`),
};

export const vods = {
  list: (slug: string, cursor?: string) => get<Page<Vod>>(`/api/channels/${enc(slug)}/vods${query({ limit: 24, cursor })}`),
  get: (id: string) => get<Vod>(`/api/vods/${enc(id)}`),
  countView: (id: string, viewerId: string) => post<{ views: number }>(`/api/vods/${enc(id)}/views`, { viewerId }),
};

export const clips = {
  list: (slug: string, sort: 'top' | 'recent', period: 'day' | 'week' | 'month' | 'all', cursor?: string) =>
    get<Page<Clip>>(`/api/channels/${enc(slug)}/clips${query({ sort, period, limit: 24, cursor })}`),
  get: (slug: string) => get<Clip>(`/api/clips/${enc(slug)}`),
  fromLive: (body: { streamId: string; durationSeconds: number; title?: string }) =>
    post<{ slug: string; status: string }>('/api/clips', body),
  fromVod: (body: { vodId: string; offsetSeconds: number; durationSeconds: number; title?: string }) =>
    post<{ slug: string; status: string }>('/api/clips', body),
  like: (slug: string) => put<{ slug: string; likes: number; liked: boolean }>(`/api/clips/${enc(slug)}/like`),
  unlike: (slug: string) => del<{ slug: string; likes: number; liked: boolean }>(`/api/clips/${enc(slug)}/like`),
  countView: (slug: string, viewerId: string) => post<{ views: number }>(`/api/clips/${enc(slug)}/views`, { viewerId }),
};

export const analytics = {
  daily: (slug: string, from: string, to: string) => get<ChannelAnalytics>(`/api/channels/${enc(slug)}/analytics${query({ from, to })}`),
  summary: (slug: string, period: '7d' | '30d' | '90d') => get<AnalyticsSummary>(`/api/channels/${enc(slug)}/analytics/summary${query({ period })}`),
  broadcast: (streamId: string) => get<BroadcastAnalytics>(`/api/streams/${enc(streamId)}/analytics`),
};

export const competition = {
  leaderboards: (channelSlug: string) => get<Page<Leaderboard>>(`/api/leaderboards${query({ channel: channelSlug, limit: 50 })}`),
  createLeaderboard: (body: { name: string; period: string; scoreMode: string; channelSlug: string; game?: string }) =>
    post<Leaderboard>('/api/leaderboards', body),
  entries: (id: string) => get<LeaderboardEntries>(`/api/leaderboards/${enc(id)}/entries${query({ limit: 10 })}`),
  tournaments: (cursor?: string) => get<Page<TournamentSummary>>(`/api/tournaments${query({ limit: 50, cursor })}`),
  tournament: (id: string) => get<Tournament>(`/api/tournaments/${enc(id)}`),
  createTournament: (body: { name: string; game: string; format: string; maxParticipants: number; startsAt?: string; thirdPlaceMatch: boolean }) =>
    post<Tournament>('/api/tournaments', body),
  openRegistration: (id: string) => post<Tournament>(`/api/tournaments/${enc(id)}/registration`),
  join: (id: string, channelSlug: string) => post<Tournament>(`/api/tournaments/${enc(id)}/participants`, { channelSlug }),
  start: (id: string) => post<Tournament>(`/api/tournaments/${enc(id)}/start`),
  bracket: (id: string) => get<Bracket>(`/api/tournaments/${enc(id)}/bracket`),
  report: (id: string, matchId: string, body: { winnerChannelSlug: string; scores?: number[] }) =>
    post<unknown>(`/api/tournaments/${enc(id)}/matches/${enc(matchId)}/result`, body),
};

/** The signed-in creator's payout account (Stripe Connect) and the payouts made to it. */
export const payouts = {
  account: () => get<PayoutAccount>('/api/users/me/payout-account'),
  /** Makes the account once; every call returns a fresh onboarding link. */
  connect: () => post<PayoutOnboarding>('/api/users/me/payout-account'),
  list: (cursor?: string) => get<Page<Payout>>(`/api/users/me/payouts${query({ limit: 20, cursor })}`),
};
