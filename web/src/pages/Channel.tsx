import { useEffect, useState } from 'preact/hooks';
import { channels, streams } from '../api/endpoints';
import type { ApiError } from '../api/problem';
import { currentUser } from '../api/session';
import type { Broadcast, LiveChannel } from '../api/types';
import { followers, viewers } from '../components/ChannelCard';
import { ChatPanel } from '../components/ChatPanel';
import { ClipButton } from '../components/ClipButton';
import { asApiError } from '../components/forms';
import { Player } from '../components/Player';
import { ReactionOverlay } from '../components/ReactionOverlay';
import { lazyPage } from '../lazy';
import { navigate } from '../router';
import { rememberChannel } from './dashboard/myChannels';
import { useStore } from '../store';
import { viewerId } from '../viewer';

const HEARTBEAT_MS = 15_000;
const OFFLINE_CHECK_MS = 10_000;

/**
 * The channel's sections. Each is a tab with its own address (/slug, /slug/about).
 */
const TABS: { id: string; label: string }[] = [
  { id: 'live', label: 'Live' },
  { id: 'videos', label: 'Videos' },
  { id: 'clips', label: 'Clips' },
  { id: 'support', label: 'Support' },
  { id: 'about', label: 'About' },
];

// Sections other than the live one load their code when opened: the watch page stays small.
const Support = lazyPage(() => import('./Support'));
const ChannelVods = lazyPage(() => import('./content/ChannelVods'));
const ChannelClips = lazyPage(() => import('./content/ChannelClips'));

export default function Channel({ slug, tab }: { slug: string; tab: string }) {
  const user = useStore(currentUser);
  const [channel, setChannel] = useState<LiveChannel | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [viewerCount, setViewerCount] = useState<number | null>(null);
  const [reload, setReload] = useState(0);
  const liveStreamId = channel?.liveStream?.id ?? null;

  useEffect(() => {
    let current = true;
    (reload === 0 ? channels.getFirst(slug) : channels.get(slug)).then(
      (found) => {
        if (!current) return;
        setChannel(found);
        setError(null);
        if (user && found.ownerId === user.id) rememberChannel(user.id, found.slug);
        setViewerCount(found.liveStream?.viewerCount ?? null);
      },
      (caught) => current && setError(asApiError(caught)),
    );
    return () => {
      current = false;
    };
  }, [slug, reload, user?.id]);

  useEffect(() => {
    if (channel) document.title = `${channel.liveStream?.title ?? channel.name} · ${channel.name} · AeThex LIVE`;
  }, [channel?.name, channel?.liveStream?.title]);

  // While live: tell the platform this viewer is here, every 15 s, and show the count it answers.
  useEffect(() => {
    if (!liveStreamId) return;
    const id = viewerId();
    const beat = () =>
      streams.heartbeat(liveStreamId, id).then(
        (answer) => setViewerCount(answer.viewerCount),
        (caught) => {
          if (asApiError(caught).kind === 'stream-not-live') setReload((n) => n + 1);
        },
      );
    void beat();
    const timer = window.setInterval(beat, HEARTBEAT_MS);
    return () => window.clearInterval(timer);
  }, [liveStreamId]);

  // While offline: look again now and then, so the page turns live when the broadcast starts.
  useEffect(() => {
    if (!channel || liveStreamId) return;
    const timer = window.setInterval(() => setReload((n) => n + 1), OFFLINE_CHECK_MS);
    return () => window.clearInterval(timer);
  }, [channel?.id, liveStreamId]);

  if (error) {
    return (
      <section class="narrow">
        <h1>{error.status === 404 ? 'No such channel' : 'This channel could not be loaded'}</h1>
        <p role="alert">{error.status === 404 ? `Nobody streams at /${slug} yet.` : error.message}</p>
        <p><a href="/">Browse live channels</a></p>
      </section>
    );
  }
  if (!channel) return <p class="loading" aria-live="polite">Loading channel…</p>;

  const live = channel.liveStream;
  const isOwner = user?.id === channel.ownerId;
  return (
    <div class="channel-page">
      <div class="channel-main">
        {tab === 'live' && (live?.hlsUrl ? (
          <Player key={live.id} src={live.hlsUrl} title={live.title}>
            <ReactionOverlay />
          </Player>
        ) : (
          <OfflineCard channel={channel} />
        ))}
        {tab === 'live' && live?.hlsUrl && <ClipButton key={live.id} streamId={live.id} slug={slug} />}
        <ChannelHeader channel={channel} viewerCount={viewerCount} isOwner={isOwner} onChange={setChannel} />
        <nav class="tabs" aria-label={`${channel.name} sections`}>
          {TABS.map((t) => (
            <a key={t.id} href={t.id === 'live' ? `/${slug}` : `/${slug}/${t.id}`} aria-current={t.id === tab ? 'page' : undefined}>{t.label}</a>
          ))}
        </nav>
        {tab === 'about' && <About channel={channel} />}
        {tab === 'support' && <Support channel={channel} />}
        {tab === 'videos' && <ChannelVods channel={channel} />}
        {tab === 'clips' && <ChannelClips channel={channel} />}
        {!TABS.some((t) => t.id === tab) && <p role="alert">This channel has no such section. <a href={`/${slug}`}>Back to the channel</a>.</p>}
      </div>
      {live ? (
        <ChatPanel key={live.id} streamId={live.id} slug={slug} ownerId={channel.ownerId} />
      ) : (
        <aside class="chat chat-offline" aria-label="Chat">
          <h2>Chat</h2>
          <p class="muted">The chat opens when {channel.name} goes live.</p>
        </aside>
      )}
    </div>
  );
}

function ChannelHeader({ channel, viewerCount, isOwner, onChange }: {
  channel: LiveChannel; viewerCount: number | null; isOwner: boolean; onChange: (channel: LiveChannel) => void;
}) {
  const user = useStore(currentUser);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggleFollow = async () => {
    if (!user) {
      navigate(`/login?next=${encodeURIComponent(`/${channel.slug}`)}`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (channel.isFollowing) await channels.unfollow(channel.slug);
      else await channels.follow(channel.slug);
      onChange({
        ...channel,
        isFollowing: !channel.isFollowing,
        followerCount: channel.followerCount + (channel.isFollowing ? -1 : 1),
      });
    } catch (caught) {
      setError(asApiError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  const live = channel.liveStream;
  return (
    <div class="channel-header">
      <div>
        <h1>{live ? live.title : channel.name}</h1>
        <p class="channel-meta">
          <strong>{channel.name}</strong>
          {live && <span class="badge live">LIVE</span>}
          {live && viewerCount !== null && <span data-testid="viewer-count">{viewers(viewerCount)}</span>}
          {channel.category && <a class="chip" href={`/?category=${encodeURIComponent(channel.category)}`}>{channel.category}</a>}
          {channel.language && <a class="chip" href={`/?language=${encodeURIComponent(channel.language)}`}>{channel.language}</a>}
          <span class="muted" data-testid="follower-count">{followers(channel.followerCount)}</span>
        </p>
      </div>
      <div class="channel-actions">
        {isOwner ? (
          <a class="button" href={`/me/channels/${channel.slug}`}>Creator dashboard</a>
        ) : (
          <button type="button" class={channel.isFollowing ? '' : 'primary'} onClick={toggleFollow} disabled={busy}
            aria-pressed={user ? !!channel.isFollowing : undefined}>
            {channel.isFollowing ? 'Following' : 'Follow'}
          </button>
        )}
        {error && <p class="field-error" role="alert">{error}</p>}
      </div>
    </div>
  );
}

/** The oldest scheduled stream is the one the next broadcast becomes (IngestLifecycle), so it is "next". */
function useSchedule(slug: string, refresh: unknown) {
  const [scheduled, setScheduled] = useState<Broadcast[] | null>(null);
  useEffect(() => {
    channels.streams(slug, 'scheduled').then((page) => setScheduled([...page.items].reverse()), () => setScheduled([]));
  }, [slug, refresh]);
  return scheduled;
}

function OfflineCard({ channel }: { channel: LiveChannel }) {
  const scheduled = useSchedule(channel.slug, channel.isLive);
  const next = scheduled?.[0];
  return (
    <section class="offline-card" aria-labelledby="offline-title">
      <p class="badge offline">Offline</p>
      <h2 id="offline-title">{channel.name} is offline</h2>
      {scheduled === null ? <p class="muted">Looking for the next stream…</p> : next ? (
        <div class="next-stream">
          <p class="muted">Next stream</p>
          <p class="next-title">{next.title}</p>
          {next.description && <p>{next.description}</p>}
          {next.tags.length > 0 && <p class="chips">{next.tags.map((t) => <span class="chip" key={t}>{t}</span>)}</p>}
        </div>
      ) : (
        <p class="muted">No stream is scheduled yet. Follow the channel to see it in your list when it goes live.</p>
      )}
    </section>
  );
}

function About({ channel }: { channel: LiveChannel }) {
  const scheduled = useSchedule(channel.slug, channel.isLive);
  return (
    <section class="about" aria-labelledby="about-title">
      <h2 id="about-title">About {channel.name}</h2>
      <p>{channel.description ?? 'This channel has no description yet.'}</p>
      <dl class="facts">
        <dt>Followers</dt><dd>{channel.followerCount.toLocaleString()}</dd>
        <dt>Total views</dt><dd>{channel.totalViews.toLocaleString()}</dd>
        {channel.category && <><dt>Category</dt><dd>{channel.category}</dd></>}
        {channel.language && <><dt>Language</dt><dd>{channel.language}</dd></>}
      </dl>
      <h3>Coming up</h3>
      {scheduled && scheduled.length > 0 ? (
        <ol class="schedule">
          {scheduled.map((s) => (
            <li key={s.id}>
              <strong>{s.title}</strong>
              {s.description && <p>{s.description}</p>}
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">Nothing scheduled.</p>
      )}
    </section>
  );
}
