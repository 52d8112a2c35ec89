import { useEffect, useRef, useState } from 'preact/hooks';
import { clips, vods } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import { currentUser } from '../../api/session';
import type { Storyboard, Vod } from '../../api/types';
import { asApiError, FormError, useSubmit } from '../../components/forms';
import { navigate } from '../../router';
import { useStore } from '../../store';
import { duration, viewerId } from '../../viewer';

const SEEK_STEP_SECONDS = 5;
const VOD_CLIP_SECONDS = 30;

/** The tile of the storyboard that shows the moment `at` (seconds), as a CSS background. */
function tileAt(board: Storyboard, at: number) {
  const perSheet = board.columns * board.rows;
  const index = Math.min(board.tiles - 1, Math.max(0, Math.floor(at / board.intervalSeconds)));
  const sheet = board.sheets[Math.min(board.sheets.length - 1, Math.floor(index / perSheet))];
  const inSheet = index % perSheet;
  return {
    width: `${board.tileWidth}px`,
    height: `${board.tileHeight}px`,
    backgroundImage: `url("${sheet}")`,
    backgroundPosition: `-${(inSheet % board.columns) * board.tileWidth}px -${Math.floor(inSheet / board.columns) * board.tileHeight}px`,
  };
}

/** A past broadcast: the recording plays from its MP4 (Range requests), with a seek bar that previews moments from the storyboard. */
export default function VodPage({ channelSlug, id }: { channelSlug: string; id: string }) {
  const [vod, setVod] = useState<Vod | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    vods.get(id).then(setVod, (caught) => setError(asApiError(caught)));
  }, [id]);
  useEffect(() => {
    if (vod) document.title = `${vod.title ?? 'Past broadcast'} · ${vod.channelSlug} · AeThex LIVE`;
  }, [vod?.title]);

  if (error) {
    return (
      <section class="narrow">
        <h1>{error.status === 404 ? 'No such video' : 'This video could not be loaded'}</h1>
        <p role="alert">{error.status === 404 ? 'It may have been deleted or made private.' : error.message}</p>
        <p><a href={`/${channelSlug}/videos`}>Back to the channel’s videos</a></p>
      </section>
    );
  }
  if (!vod) return <p class="loading" aria-live="polite">Loading video…</p>;
  if (vod.processingStatus !== 'ready' || !vod.playbackUrl) {
    return (
      <section class="narrow">
        <h1>{vod.title ?? 'Past broadcast'}</h1>
        <p role="status">{vod.processingStatus === 'failed' ? 'This recording could not be processed.' : 'This recording is still being processed.'}</p>
      </section>
    );
  }
  return <VodPlayer vod={vod} />;
}

/** How long before a private VOD's signed addresses expire the page asks for fresh ones: a quarter of their life, at most 5 min. */
function refreshLead(lifetimeMs: number) {
  return Math.min(300_000, lifetimeMs / 4);
}

function VodPlayer({ vod: first }: { vod: Vod }) {
  const user = useStore(currentUser);
  const video = useRef<HTMLVideoElement>(null);
  // A private VOD's addresses are signed and expire: fresh ones replace them before they do (or when the player is
  // refused, after a sleeping laptop wakes), and playback resumes where it was.
  const [vod, setVod] = useState(first);
  const resume = useRef<{ at: number; playing: boolean } | null>(null);
  const refreshing = useRef(false);
  const refreshMedia = async () => {
    if (refreshing.current) return;
    refreshing.current = true;
    try {
      const fresh = await vods.get(vod.id);
      const element = video.current;
      if (element && fresh.playbackUrl !== vod.playbackUrl) resume.current = { at: element.currentTime, playing: !element.paused };
      setVod(fresh);
    } catch {
      // The next refusal or the next timer tries again.
    } finally {
      refreshing.current = false;
    }
  };
  useEffect(() => {
    if (!vod.mediaUrlsExpireAt) return;
    const lifetime = Date.parse(vod.mediaUrlsExpireAt) - Date.now();
    const timer = setTimeout(() => void refreshMedia(), Math.max(0, lifetime - refreshLead(lifetime)));
    return () => clearTimeout(timer);
  }, [vod.mediaUrlsExpireAt]);
  const resumePlayback = (element: HTMLVideoElement) => {
    const at = resume.current;
    resume.current = null;
    if (!at) return;
    element.currentTime = at.at;
    if (at.playing) void element.play().catch(() => undefined);
  };
  const [position, setPosition] = useState(0);
  const [length, setLength] = useState(vod.durationSeconds ?? 0);
  const [preview, setPreview] = useState<number | null>(null);
  const counted = useRef(false);
  const clip = useSubmit();
  const title = vod.title ?? 'Past broadcast';

  const seek = (to: number) => {
    const element = video.current!;
    element.currentTime = Math.min(Math.max(0, to), length || element.duration || 0);
    setPosition(element.currentTime);
  };
  const onPlaying = () => {
    if (counted.current) return;
    counted.current = true;
    void vods.countView(vod.id, viewerId()).catch(() => undefined);
  };
  const previewFrom = (event: PointerEvent) => {
    const bar = event.currentTarget as HTMLInputElement;
    const box = bar.getBoundingClientRect();
    setPreview(Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)) * length);
  };
  const clipHere = () => clip.run(async () => {
    const offset = Math.max(0, Math.min(Math.floor(position), Math.floor(length) - VOD_CLIP_SECONDS));
    const made = await clips.fromVod({ vodId: vod.id, offsetSeconds: offset, durationSeconds: Math.min(VOD_CLIP_SECONDS, Math.floor(length)) });
    navigate(`/${vod.channelSlug}/clip/${made.slug}`);
  });

  const shown = preview ?? position;
  return (
    <article class="vod-page" aria-labelledby="vod-title">
      <div class="player">
        <video ref={video} src={vod.playbackUrl!} controls playsInline preload="metadata" poster={vod.thumbnailUrl ?? undefined}
          aria-label={`Video: ${title}`} onPlaying={onPlaying}
          onTimeUpdate={(e) => setPosition(e.currentTarget.currentTime)}
          onLoadedMetadata={(e) => {
            if (Number.isFinite(e.currentTarget.duration)) setLength(e.currentTarget.duration);
            resumePlayback(e.currentTarget);
          }}
          onError={() => vod.mediaUrlsExpireAt && void refreshMedia()} />
      </div>
      <div class="seek">
        {vod.storyboard && preview !== null && (
          <div class="seek-preview" aria-hidden="true" style={{ left: `${length ? (shown / length) * 100 : 0}%` }}>
            <div class="seek-tile" data-testid="storyboard-preview" style={tileAt(vod.storyboard, shown)} />
            <span>{duration(shown)}</span>
          </div>
        )}
        <label for="vod-seek" class="visually-hidden">Seek</label>
        <input id="vod-seek" type="range" min={0} max={Math.max(1, Math.floor(length))} step={SEEK_STEP_SECONDS} value={Math.floor(position)}
          aria-valuetext={`${duration(position)} of ${duration(length)}`}
          onInput={(e) => seek(Number(e.currentTarget.value))}
          onPointerMove={previewFrom} onPointerLeave={() => setPreview(null)} />
        <p class="seek-time" data-testid="vod-position">{duration(position)} / {duration(length)}</p>
      </div>
      <h1 id="vod-title">{title}</h1>
      <p class="channel-meta">
        <a href={`/${vod.channelSlug}`}>{vod.channelSlug}</a>
        <span class="muted">{new Date(vod.createdAt).toLocaleString()}</span>
        <span class="muted">{vod.views} {vod.views === 1 ? 'view' : 'views'}</span>
        {!vod.isPublic && <span class="badge offline">Private</span>}
      </p>
      {vod.description && <p>{vod.description}</p>}
      {user ? (
        <p>
          <button type="button" onClick={clipHere} disabled={clip.busy}>Clip {VOD_CLIP_SECONDS} s from {duration(position)}</button>
        </p>
      ) : (
        <p><a href={`/login?next=${encodeURIComponent(`/${vod.channelSlug}/videos/${vod.id}`)}`}>Sign in to clip this video</a></p>
      )}
      <FormError error={clip.error} />
    </article>
  );
}
