import { useEffect, useState } from 'preact/hooks';
import { vods } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import type { LiveChannel, Vod } from '../../api/types';
import { asApiError } from '../../components/forms';
import { duration } from '../../viewer';

const PROCESSING_CHECK_MS = 5_000;
const EMPTY_CHECKS = 60;

/** The channel's past broadcasts. Its owner also sees those still being processed (and failures), which refresh until ready. */
export default function ChannelVods({ channel }: { channel: LiveChannel }) {
  const [items, setItems] = useState<Vod[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    vods.list(channel.slug).then((page) => {
      setItems(page.items);
      setNext(page.nextCursor);
      setError(null);
    }, (caught) => setError(asApiError(caught)));
  }, [channel.slug, version]);

  // Look again while a recording is processed, and for a while when there is none yet: a broadcast
  // that just ended becomes a VOD within a minute or so.
  const processing = items?.some((v) => v.processingStatus === 'processing') ?? false;
  const waitingForFirst = items?.length === 0 && version < EMPTY_CHECKS;
  useEffect(() => {
    if (!processing && !waitingForFirst) return;
    const timer = window.setTimeout(() => setVersion((n) => n + 1), PROCESSING_CHECK_MS);
    return () => window.clearTimeout(timer);
  }, [processing, waitingForFirst, items]);

  const more = () => next && vods.list(channel.slug, next).then((page) => {
    setItems((current) => [...(current ?? []), ...page.items]);
    setNext(page.nextCursor);
  }, (caught) => setError(asApiError(caught)));

  return (
    <section aria-labelledby="vods-title">
      <h2 id="vods-title">Past broadcasts</h2>
      {error && <p role="alert">{error.message}</p>}
      {!items && !error && <p class="loading" aria-live="polite">Loading videos…</p>}
      {items && items.length === 0 && <p class="muted">No past broadcasts yet. A broadcast appears here a minute after it ends.</p>}
      {items && items.length > 0 && (
        <ul class="grid" aria-label="Past broadcasts">
          {items.map((vod) => <VodCard key={vod.id} vod={vod} />)}
        </ul>
      )}
      {next && <button type="button" onClick={more}>Show more</button>}
    </section>
  );
}

function VodCard({ vod }: { vod: Vod }) {
  const title = vod.title ?? 'Untitled broadcast';
  const body = (
    <>
      <div class="tile thumb" style={{ '--hue': 250 }}>
        {vod.thumbnailUrl ? <img src={vod.thumbnailUrl} alt="" loading="lazy" /> : <span class="tile-initial" aria-hidden="true">▶</span>}
        {vod.durationSeconds != null && <span class="tile-viewers">{duration(vod.durationSeconds)}</span>}
        {vod.processingStatus !== 'ready' && <span class="badge offline">{vod.processingStatus === 'failed' ? 'Failed' : 'Processing'}</span>}
      </div>
      <div class="card-body">
        <p class="card-title">{title}</p>
        <p class="card-channel">
          {new Date(vod.createdAt).toLocaleDateString()} · {vod.views} {vod.views === 1 ? 'view' : 'views'}
          {!vod.isPublic && ' · private'}
        </p>
        {vod.failureReason && <p class="field-error">{vod.failureReason}</p>}
      </div>
    </>
  );
  return (
    <li class="card">
      {vod.processingStatus === 'ready' ? <a class="card-link" href={`/${vod.channelSlug}/videos/${vod.id}`}>{body}</a> : <div>{body}</div>}
    </li>
  );
}
