import { useEffect, useRef, useState } from 'preact/hooks';
import { clips } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import { currentUser } from '../../api/session';
import type { Clip } from '../../api/types';
import { asApiError } from '../../components/forms';
import { useStore } from '../../store';
import { duration, viewerId } from '../../viewer';

const PROCESSING_CHECK_MS = 1_500;

/** A clip at its own shareable address: it plays once cut (the page waits while it is processing), with likes and a copyable link. */
export default function ClipPage({ channelSlug, clipSlug }: { channelSlug: string; clipSlug: string }) {
  const [clip, setClip] = useState<Clip | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    clips.get(clipSlug).then(setClip, (caught) => setError(asApiError(caught)));
  }, [clipSlug, version]);
  useEffect(() => {
    if (clip?.status !== 'processing') return;
    const timer = window.setTimeout(() => setVersion((n) => n + 1), PROCESSING_CHECK_MS);
    return () => window.clearTimeout(timer);
  }, [clip]);
  useEffect(() => {
    if (clip) document.title = `${clip.title} · clip · AeThex LIVE`;
  }, [clip?.title]);

  if (error) {
    return (
      <section class="narrow">
        <h1>{error.status === 404 ? 'No such clip' : 'This clip could not be loaded'}</h1>
        <p role="alert">{error.status === 404 ? 'It may have been deleted.' : error.message}</p>
        <p><a href={`/${channelSlug}/clips`}>The channel’s clips</a></p>
      </section>
    );
  }
  if (!clip) return <p class="loading" aria-live="polite">Loading clip…</p>;
  return (
    <article class="clip-page" aria-labelledby="clip-title">
      {clip.status === 'ready' && clip.videoUrl ? <ClipVideo clip={clip} /> : (
        <div class="offline-card">
          <p role="status">{clip.status === 'failed' ? `This clip could not be made${clip.failureReason ? `: ${clip.failureReason}` : '.'}`
            : 'Cutting your clip… it plays here in a few seconds.'}</p>
        </div>
      )}
      <h1 id="clip-title">{clip.title}</h1>
      <p class="channel-meta">
        <a href={`/${clip.channel.slug}`}>{clip.channel.slug}</a>
        <span class="muted">clipped by {clip.creator.displayName ?? clip.creator.username ?? 'someone'}</span>
        {clip.durationSeconds != null && <span class="muted">{duration(clip.durationSeconds)}</span>}
        <span class="muted" data-testid="clip-views">{clip.views} {clip.views === 1 ? 'view' : 'views'}</span>
      </p>
      <LikeButton clip={clip} />
      <Share path={`/${clip.channel.slug}/clip/${clip.slug}`} />
      {clip.source.kind === 'vod' && clip.source.vodId && (
        <p><a href={`/${clip.channel.slug}/videos/${clip.source.vodId}`}>Watch the whole broadcast</a></p>
      )}
    </article>
  );
}

function ClipVideo({ clip }: { clip: Clip }) {
  const counted = useRef(false);
  const onPlaying = () => {
    if (counted.current) return;
    counted.current = true;
    void clips.countView(clip.slug, viewerId()).catch(() => undefined);
  };
  return (
    <div class="player">
      <video src={clip.videoUrl!} poster={clip.thumbnailUrl ?? undefined} controls autoplay muted playsInline loop
        aria-label={`Clip: ${clip.title}`} onPlaying={onPlaying} />
    </div>
  );
}

function LikeButton({ clip }: { clip: Clip }) {
  const user = useStore(currentUser);
  const [likes, setLikes] = useState(clip.likes);
  const [liked, setLiked] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!user) return <p><a href={`/login?next=${encodeURIComponent(location.pathname)}`}>Sign in to like this clip</a> · {likes} likes</p>;
  const toggle = async () => {
    setError(null);
    try {
      const answer = liked ? await clips.unlike(clip.slug) : await clips.like(clip.slug);
      setLikes(answer.likes);
      setLiked(answer.liked);
    } catch (caught) {
      setError(asApiError(caught).message);
    }
  };
  return (
    <p>
      <button type="button" aria-pressed={liked} onClick={toggle}>
        <span aria-hidden="true">♥</span> {liked ? 'Liked' : 'Like'} · {likes}
      </button>
      {error && <span class="field-error" role="alert">{error}</span>}
    </p>
  );
}

function Share({ path }: { path: string }) {
  const url = `${location.origin}${path}`;
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Link copied.');
    } catch {
      setCopied('Copying is blocked here: select the link and copy it.');
    }
  };
  return (
    <div class="inline-form share">
      <div class="field">
        <label for="clip-link">Share this clip</label>
        <input id="clip-link" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <button type="button" onClick={copy}>Copy link</button>
      {copied && <p role="status" class="form-done">{copied}</p>}
    </div>
  );
}
