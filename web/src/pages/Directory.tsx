import { useEffect, useState } from 'preact/hooks';
import { channels, type DirectoryFilter } from '../api/endpoints';
import type { ApiError } from '../api/problem';
import type { LiveChannel } from '../api/types';
import { ChannelCard } from '../components/ChannelCard';
import { asApiError } from '../components/forms';
import { navigate, useLocation } from '../router';

function filterFrom(query: URLSearchParams): DirectoryFilter {
  return {
    q: query.get('q') ?? '',
    category: query.get('category') ?? '',
    language: query.get('language') ?? '',
    live: query.get('live') === 'true',
  };
}

/** Every channel, live ones first by viewers (the API's order), narrowed by name, category, language and live. */
export function Directory() {
  const { query } = useLocation();
  const filter = filterFrom(query);
  const key = JSON.stringify(filter);
  const [draft, setDraft] = useState(filter);
  const [items, setItems] = useState<LiveChannel[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    document.title = filter.q ? `“${filter.q}” · AeThex LIVE` : 'Browse live channels · AeThex LIVE';
    setDraft(filter);
    setItems(null);
    setError(null);
    let current = true;
    channels.list(filter).then(
      (page) => {
        if (!current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
      },
      (caught) => current && setError(asApiError(caught)),
    );
    return () => {
      current = false;
    };
  }, [key]);

  const apply = (event: Event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    if (draft.q?.trim()) params.set('q', draft.q.trim());
    if (draft.category?.trim()) params.set('category', draft.category.trim().toLowerCase());
    if (draft.language?.trim()) params.set('language', draft.language.trim().toLowerCase());
    if (draft.live) params.set('live', 'true');
    const text = params.toString();
    navigate(text ? `/?${text}` : '/', { replace: true });
  };

  const more = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await channels.list(filter, cursor);
      setItems((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setLoadingMore(false);
    }
  };

  const liveCount = items?.filter((c) => c.isLive).length ?? 0;
  return (
    <section>
      <h1>{filter.q ? `Channels matching “${filter.q}”` : 'Browse live channels'}</h1>
      <form class="filters" onSubmit={apply} aria-label="Filter channels">
        <div class="field">
          <label for="filter-q">Name</label>
          <input id="filter-q" type="search" value={draft.q} onInput={(e) => setDraft({ ...draft, q: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="filter-category">Category</label>
          <input id="filter-category" placeholder="e.g. gaming" value={draft.category}
            onInput={(e) => setDraft({ ...draft, category: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="filter-language">Language</label>
          <input id="filter-language" placeholder="e.g. en" value={draft.language}
            onInput={(e) => setDraft({ ...draft, language: e.currentTarget.value })} />
        </div>
        <label class="check">
          <input type="checkbox" checked={draft.live} onChange={(e) => setDraft({ ...draft, live: e.currentTarget.checked })} />
          Live now only
        </label>
        <button type="submit">Apply</button>
      </form>
      {error && (
        <div class="form-error" role="alert">
          <p>{error.message}</p>
          {error.fields.map((field) => <p key={field}>{error.fieldErrors(field).join(' ')}</p>)}
        </div>
      )}
      {items === null && !error && <p class="loading" aria-live="polite">Loading channels…</p>}
      {items && (
        <>
          <p class="muted" aria-live="polite">
            {items.length === 0 ? 'No channel matches.' : `${liveCount} live now${cursor ? '' : ` · ${items.length} channels`}`}
          </p>
          <ul class="grid" aria-label="Channels">
            {items.map((channel) => <ChannelCard key={channel.id} channel={channel} />)}
          </ul>
          {cursor && (
            <button type="button" onClick={more} disabled={loadingMore} aria-busy={loadingMore}>
              {loadingMore ? 'Loading…' : 'Show more channels'}
            </button>
          )}
        </>
      )}
    </section>
  );
}
