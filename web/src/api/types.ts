// Shapes of the public API (ARCHITECTURE.md), as the services send them (camelCase JSON).

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface MyProfile {
  id: string;
  username: string;
  email: string;
  emailVerified: boolean;
  /** An address waiting for its verification link; `email` stays in use until then. */
  pendingEmail: string | null;
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  bannerUrl: string | null;
  isCreator: boolean;
  verified: boolean;
  roles: string[];
  twoFactorEnabled: boolean;
  followerCount: number;
  followingCount: number;
  createdAt: string;
}

export interface EmailStatus {
  email: string;
  emailVerified: boolean;
  pendingEmail: string | null;
}

export interface PublicProfile {
  id: string;
  username: string;
  displayName: string | null;
  bio: string | null;
  avatarUrl: string | null;
  isCreator: boolean;
  verified: boolean;
  followerCount: number;
  followingCount: number;
  createdAt: string;
  isFollowedByMe: boolean | null;
  followsMe: boolean | null;
}

export interface UserSettings {
  emailNotifications: boolean;
  privacyLevel: 'public' | 'private' | 'friends';
  twoFactorEnabled: boolean;
}

export interface TwoFactorSetup {
  secret: string;
  otpauthUri: string;
  digits: number;
  periodSeconds: number;
}

export interface FollowEntry {
  userId: string;
  username: string;
  displayName: string | null;
  followedAt: string;
}

export interface LiveStreamSummary {
  id: string;
  title: string;
  viewerCount: number;
  hlsUrl: string | null;
  startedAt: string | null;
}

export interface LiveChannel {
  id: string;
  ownerId: string;
  name: string;
  slug: string;
  description: string | null;
  category: string | null;
  language: string | null;
  isLive: boolean;
  totalViews: number;
  followerCount: number;
  suspended: boolean;
  liveStream: LiveStreamSummary | null;
  isFollowing: boolean | null;
}

export interface FollowedChannel {
  id: string;
  slug: string;
  name: string;
  category: string | null;
  isLive: boolean;
  followerCount: number;
  liveStream: LiveStreamSummary | null;
}

export interface StreamKey {
  streamKey: string;
  ingestUrl: string;
}

export interface Broadcast {
  id: string;
  channelId: string;
  channelSlug: string;
  title: string;
  description: string | null;
  tags: string[];
  status: 'scheduled' | 'live' | 'ended';
  viewerCount: number;
  peakViewers: number;
  hlsUrl: string | null;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
}

export interface ChatMessage {
  id: string;
  streamId: string;
  userId: string;
  username: string;
  message: string;
  createdAt: string;
  held?: boolean;
  /** The sender's subscription tier to this channel (basic, premium, vip), null for non-subscribers. */
  subscriberTier?: string | null;
}

export interface ChatHistoryPage {
  items: ChatMessage[];
  nextBefore: string | null;
}

export interface ChatSettings {
  slowModeSeconds: number;
  followersOnlyMinutes: number | null;
  emoteOnly: boolean;
  blockedTerms: string[] | null;
}

export interface PollOption {
  id: string;
  text: string;
  voteCount: number;
}

export interface Poll {
  id: string;
  streamId: string;
  question: string;
  status: 'active' | 'ended' | string;
  options: PollOption[];
  totalVotes: number;
  createdAt: string;
  endsAt: string | null;
  endedAt: string | null;
}

export interface Ban {
  userId: string;
  username: string;
  reason: string | null;
  isPermanent: boolean;
  bannedUntil: string | null;
  createdAt: string;
}

export interface Report {
  id: string;
  streamId: string | null;
  messageId: string | null;
  message: string | null;
  authorId: string | null;
  reportedBy: string;
  reason: string | null;
  status: string;
  createdAt: string;
}

export interface UserBannedEvent {
  userId: string;
  username: string;
  until: string | null;
  removedMessageIds: string[];
}

export interface AlertEvent {
  type: 'donation' | 'subscription' | 'gift' | string;
  from: string;
  amountCents: number | null;
  currency: string | null;
  tier: string | null;
  count: number | null;
  message: string | null;
  /** On a subscription someone gifted: who gave it (`from` is the recipient). */
  giftedBy?: string | null;
}

/** The reactions Chat accepts (services/Chat/Rooms/Reactions.cs). */
export const REACTIONS = ['❤️', '😂', '🔥', '👏', '😮', '😢', '🎉', '👍', '💯', '🤯'] as const;

export interface GiftOffer {
  giftType: string;
  priceCents: number;
}

/** GET /api/payments/config: "sandbox" (confirm at sandboxUrl as Stripe.js would) or "stripe" (Stripe.js with the key). */
export interface PaymentsConfig {
  mode: 'sandbox' | 'stripe' | string;
  publishableKey: string;
  sandboxUrl: string | null;
  currencies: string[];
  minimumCents: number;
  maximumCents: number;
  giftCurrency: string;
  gifts: GiftOffer[];
  /** Each subscription tier's monthly price, cheapest first. */
  tiers: TierOffer[];
}

export interface TierOffer {
  tier: string;
  priceCents: number;
  currency: string;
}

/** A started donation or gift: confirm its PaymentIntent with the client secret; the webhook completes it. */
export interface Checkout {
  id: string;
  status: 'pending' | 'completed' | 'failed' | string;
  amountCents: number;
  currency: string;
  clientSecret: string | null;
  paymentIntentId: string | null;
}

/** What GET /api/donations/{id} and GET /api/gifts/{id} share: enough to follow a payment to its end. */
export interface PurchaseState {
  id: string;
  status: 'pending' | 'completed' | 'failed' | string;
  amountCents: number;
  currency: string;
}

export interface RevenueByKind {
  kind: string;
  payments: number;
  grossCents: number;
  feeCents: number;
  creatorShareCents: number;
}

export interface CurrencyRevenue {
  currency: string;
  grossCents: number;
  feeCents: number;
  creatorShareCents: number;
  platformNetCents: number;
  byKind: RevenueByKind[];
  pendingCents: number;
  availableCents: number;
}

export interface RevenueReport {
  channelId: string;
  slug: string;
  from: string | null;
  to: string | null;
  currencies: CurrencyRevenue[];
  shares: { kind: string; creatorShareBasisPoints: number; creatorBearsFee: boolean }[];
}

/** An entry in the signed-in user's notifications: a followed channel went live. */
export interface NotificationItem {
  id: string;
  kind: 'go_live' | string;
  channelId: string;
  channelSlug: string;
  channelName: string;
  streamId: string;
  title: string;
  createdAt: string;
  read: boolean;
}

export interface NotificationList {
  items: NotificationItem[];
  nextCursor: string | null;
  unreadCount: number;
}

/** The tiers a viewer may subscribe at (services/Payments SubscriptionTiers), cheapest first. */
export const SUBSCRIPTION_TIERS = ['basic', 'premium', 'vip'] as const;

/**
 * A subscription, for its subscriber: incomplete until its first invoice is paid with `clientSecret`, then active (or
 * past_due while a renewal is retried) until it expires. `autoRenew` false means it ends on `renewalDate`.
 */
export interface Subscription {
  id: string;
  channelId: string;
  channelSlug: string | null;
  tier: string;
  priceCents: number;
  status: 'incomplete' | 'active' | 'past_due' | 'expired' | string;
  autoRenew: boolean;
  renewalDate: string | null;
  startedAt: string;
  endedAt: string | null;
  clientSecret: string | null;
  gifted: boolean;
}

/** A paid donation, as the channel's owner sees it. */
export interface ReceivedDonation {
  id: string;
  donorId: string;
  donor: string;
  amountCents: number;
  currency: string;
  message: string | null;
  streamId: string | null;
  completedAt: string;
  /** What refunds gave back or disputes took of it since it was paid. */
  refundedCents: number;
}

/** A paid gift, as the channel's owner sees it; `recipient` is null when it was sent to the channel. */
export interface ReceivedGift {
  id: string;
  gifterId: string;
  gifter: string;
  recipient: string | null;
  giftType: string;
  quantity: number;
  amountCents: number;
  currency: string;
  message: string | null;
  streamId: string | null;
  completedAt: string;
  refundedCents: number;
}

/** Where a moment's preview lies in the storyboard's sprite sheets. */
export interface Storyboard {
  sheets: string[];
  tileWidth: number;
  tileHeight: number;
  columns: number;
  rows: number;
  intervalSeconds: number;
  tiles: number;
}

export interface Vod {
  id: string;
  streamId: string;
  channelId: string;
  channelSlug: string;
  title: string | null;
  description: string | null;
  processingStatus: 'processing' | 'ready' | 'failed' | string;
  failureReason: string | null;
  isPublic: boolean;
  durationSeconds: number | null;
  views: number;
  playbackUrl: string | null;
  thumbnailUrl: string | null;
  storyboardUrl: string | null;
  storyboard: Storyboard | null;
  mediaUrlsExpireAt: string | null;
  createdAt: string;
  readyAt: string | null;
}

export interface Clip {
  id: string;
  slug: string;
  title: string;
  status: 'processing' | 'ready' | 'failed' | string;
  failureReason: string | null;
  videoUrl: string | null;
  thumbnailUrl: string | null;
  durationSeconds: number | null;
  views: number;
  likes: number;
  creator: { id: string; username: string | null; displayName: string | null };
  channel: { id: string; slug: string };
  source: { kind: 'live' | 'vod' | string; vodId: string | null; streamId: string | null; offsetSeconds: number | null };
  createdAt: string;
}

/** One UTC day of a channel's figures (zeros for a day without a broadcast). */
export interface DailyAnalytics {
  date: string;
  broadcasts: number;
  hoursStreamed: number;
  minutesWatched: number;
  averageViewers: number;
  peakViewers: number;
  uniqueViewers: number;
  views: number;
  chatMessages: number;
  newFollowers: number;
  donations: number;
  donationsCents: number;
  gifts: number;
  revenueCents: number;
}

export interface ChannelAnalytics {
  slug: string;
  from: string;
  to: string;
  days: DailyAnalytics[];
}

export interface MetricChange {
  current: number;
  previous: number;
  change: number;
  changePercent: number | null;
}

export interface AnalyticsSummary {
  period: string;
  from: string;
  to: string;
  totals: Record<'broadcasts' | 'hoursStreamed' | 'minutesWatched' | 'averageViewers' | 'peakViewers' | 'uniqueViewers' | 'views'
    | 'chatMessages' | 'newFollowers' | 'donations' | 'donationsCents' | 'gifts' | 'revenueCents', MetricChange>;
  bestStream: { streamId: string; startedAt: string; averageViewers: number; peakViewers: number } | null;
  busiestHour: { hour: string; streamId: string; averageViewers: number } | null;
}

export interface HourlyAnalytics {
  hour: string;
  minutesStreamed: number;
  minutesWatched: number;
  averageViewers: number;
  peakViewers: number;
  uniqueViewers: number;
  chatMessages: number;
}

export interface BroadcastAnalytics {
  streamId: string;
  totals: {
    startedAt: string;
    endedAt: string | null;
    minutesStreamed: number;
    minutesWatched: number;
    averageViewers: number;
    peakViewers: number;
    uniqueViewers: number;
    avgWatchTimeSeconds: number;
    chatMessages: number;
    uniqueChatters: number;
    newFollowers: number;
    donations: number;
    donationsCents: number;
    gifts: number;
  };
  hours: HourlyAnalytics[];
}

export interface Leaderboard {
  id: string;
  name: string;
  game: string | null;
  period: 'weekly' | 'monthly' | 'all_time' | string;
  scoreMode: 'best' | 'increment' | string;
  kind: 'custom' | 'top_supporters' | 'top_chatters' | string;
  channelSlug: string | null;
  currentPeriod: string;
  resetsAt: string | null;
}

export interface LeaderboardEntries {
  leaderboardId: string;
  period: string;
  total: number;
  items: { rank: number; userId: string; username: string; displayName: string | null; score: number }[];
  nextCursor: string | null;
}

export interface TournamentSummary {
  id: string;
  name: string;
  game: string | null;
  format: 'single_elimination' | 'double_elimination' | 'round_robin' | string;
  status: 'draft' | 'registration' | 'active' | 'ended' | 'cancelled' | string;
  maxParticipants: number;
  participantCount: number;
  startsAt: string;
  organiserId: string;
}

export interface TournamentParticipant {
  id: string;
  channelSlug: string | null;
  channelName: string | null;
  isLive: boolean;
  username: string | null;
  seed: number | null;
  placement: number | null;
  placementLabel: string | null;
  withdrawn: boolean;
}

export interface Tournament extends TournamentSummary {
  description: string | null;
  thirdPlaceMatch: boolean;
  organiserUsername: string | null;
  participants: TournamentParticipant[];
}

export interface MatchSide {
  bye: boolean;
  participantId: string | null;
  channelSlug: string | null;
  channelName: string | null;
  isLive: boolean;
  seed: number | null;
}

export interface TournamentMatch {
  id: string;
  number: number;
  bracket: 'winners' | 'losers' | 'grand_final' | 'grand_final_reset' | 'third_place' | 'round_robin' | string;
  round: number;
  position: number;
  status: 'pending' | 'ready' | 'completed' | 'skipped' | string;
  side1: MatchSide;
  side2: MatchSide;
  winnerParticipantId: string | null;
  winnerChannelSlug: string | null;
  score1: number | null;
  score2: number | null;
  forfeit: boolean;
}

export interface Bracket {
  tournamentId: string;
  format: string;
  status: string;
  matches: TournamentMatch[];
}

/** The signed-in creator's Stripe Connect account: payouts go to it once onboarding is done and Stripe enables them. */
export interface PayoutAccount {
  stripeAccountId: string;
  detailsSubmitted: boolean;
  payoutsEnabled: boolean;
  createdAt: string;
}

/** POST /api/users/me/payout-account: the account and a fresh link to Stripe's onboarding. */
export interface PayoutOnboarding {
  account: PayoutAccount;
  onboardingUrl: string;
  expiresAt: string;
}

/** A transfer of a channel's earnings for a period: pending until the bank payout is paid, or failed with Stripe's code. */
export interface Payout {
  id: string;
  channelId: string;
  channelSlug: string | null;
  amountCents: number;
  currency: string;
  status: 'pending' | 'paid' | 'failed' | string;
  failureCode: string | null;
  periodStart: string | null;
  periodEnd: string;
  createdAt: string;
  updatedAt: string;
}
