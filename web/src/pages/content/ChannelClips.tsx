import { useEffect, useState } from 'preact/hooks';
import { clips } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import type { Clip, LiveChannel } from '../../api/types';
import { asApiError } from '../../components/forms';
import { duration } from '../../viewer';

type Sort = 'top' | 'recent';
type Period = 'day' | 'week' | 'month' | 'all';

/** The channel's clips, most viewed or newest, over a chosen period. */
export default function ChannelClips({ channel }: { channel: LiveChannel }) {
  const [sort, setSort] = useState<Sort>('recent');
  const [period, setPeriod] = useState<Period>('week');
  const [items, setItems] = useState<Clip[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    setItems(null);
    clips.list(channel.slug, sort, period).then((page) => {
      setItems(page.items);
      setNext(page.nextCursor);
      setError(null);
    }, (caught) => setError(asApiError(caught)));
  }, [channel.slug, sort, period]);

  const more = () => next && clips.list(channel.slug, sort, period, next).then((page) => {
    setItems((current) => [...(current ?? []), ...page.items]);
    setNext(page.nextCursor);
  }, (caught) => setError(asApiError(caught)));

  return (
    <section aria-labelledby="clips-title">
      <h2 id="clips-title">Clips</h2>
      <div class="filters">
        <div class="field">
          <label for="clip-sort">Order</label>
          <select id="clip-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as Sort)}>
            <option value="recent">Newest first</option>
            <option value="top">Most viewed</option>
          </select>
        </div>
        <div class="field">
          <label for="clip-period">Made in the last</label>
          <select id="clip-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as Period)}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
            <option value="all">Any time</option>
          </select>
        </div>
      </div>
      {error && <p role="alert">{error.message}</p>}
      {!items && !error && <p class="loading" aria-live="polite">Loading clips…</p>}
      {items && items.length === 0 && <p class="muted">No clips in this period. Press “Clip” under the live player to make one.</p>}
      {items && items.length > 0 && (
        <ul class="grid" aria-label="Clips">
          {items.map((clip) => (
            <li class="card" key={clip.id}>
              <a class="card-link" href={`/${clip.channel.slug}/clip/${clip.slug}`}>
                <div class="tile thumb" style={{ '--hue': 300 }}>
                  {clip.thumbnailUrl ? <img src={clip.thumbnailUrl} alt="" loading="lazy" /> : <span class="tile-initial" aria-hidden="true">✂</span>}
                  {clip.durationSeconds != null && <span class="tile-viewers">{duration(clip.durationSeconds)}</span>}
                  {clip.status !== 'ready' && <span class="badge offline">{clip.status === 'failed' ? 'Failed' : 'Processing'}</span>}
                </div>
                <div class="card-body">
                  <p class="card-title">{clip.title}</p>
                  <p class="card-channel">
                    by {clip.creator.displayName ?? clip.creator.username ?? 'someone'} · {clip.views} {clip.views === 1 ? 'view' : 'views'}
                  </p>
                </div>
              </a>
            </li>
          ))}
        </ul>
      )}
      {next && <button type="button" onClick={more}>Show more</button>}
    </section>
  );
}
