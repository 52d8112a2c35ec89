import { useEffect, useState } from 'preact/hooks';
import { channels, users } from '../api/endpoints';
import type { ApiError } from '../api/problem';
import type { FollowedChannel, FollowEntry } from '../api/types';
import { ChannelCard } from '../components/ChannelCard';
import { asApiError } from '../components/forms';
import { RequireSignIn } from '../components/RequireSignIn';

export default function Following() {
  useEffect(() => {
    document.title = 'Following · AeThex LIVE';
  }, []);
  return <RequireSignIn what="see whom you follow">{(user) => <FollowingLists username={user.username} />}</RequireSignIn>;
}

function FollowingLists({ username }: { username: string }) {
  const [followed, setFollowed] = useState<FollowedChannel[] | null>(null);
  const [people, setPeople] = useState<FollowEntry[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    users.followedChannels().then((page) => setFollowed(page.items), (caught) => setError(asApiError(caught)));
    users.following(username).then((page) => setPeople(page.items), (caught) => setError(asApiError(caught)));
  }, [username]);

  const unfollowChannel = async (slug: string) => {
    try {
      await channels.unfollow(slug);
      setFollowed((current) => current?.filter((c) => c.slug !== slug) ?? null);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  const unfollowPerson = async (name: string) => {
    try {
      await users.unfollow(name);
      setPeople((current) => current?.filter((p) => p.username !== name) ?? null);
    } catch (caught) {
      setError(asApiError(caught));
    }
  };

  const live = followed?.filter((c) => c.isLive) ?? [];
  return (
    <section>
      <h1>Following</h1>
      {error && <p class="form-error" role="alert">{error.message}</p>}
      <h2>Live now</h2>
      {followed === null ? <p class="loading">Loading…</p> : live.length === 0 ? (
        <p class="muted">None of the channels you follow is live right now.</p>
      ) : (
        <ul class="grid" aria-label="Followed channels live now">{live.map((c) => <ChannelCard key={c.id} channel={c} />)}</ul>
      )}
      <h2>Channels</h2>
      {followed && followed.length === 0 && <p class="muted">You follow no channel yet. <a href="/">Find one to follow</a>.</p>}
      {followed && followed.length > 0 && (
        <ul class="rows" aria-label="Followed channels">
          {followed.map((c) => (
            <li key={c.id}>
              <a href={`/${c.slug}`}>{c.name}</a>
              {c.isLive ? <span class="badge live">LIVE</span> : <span class="muted">offline</span>}
              <button type="button" onClick={() => unfollowChannel(c.slug)} aria-label={`Unfollow ${c.name}`}>Unfollow</button>
            </li>
          ))}
        </ul>
      )}
      <h2>People</h2>
      {people && people.length === 0 && <p class="muted">You follow nobody yet.</p>}
      {people && people.length > 0 && (
        <ul class="rows" aria-label="People you follow">
          {people.map((p) => (
            <li key={p.userId}>
              <a href={`/u/${p.username}`}>{p.displayName ?? p.username}</a>
              <span class="muted">@{p.username}</span>
              <button type="button" onClick={() => unfollowPerson(p.username)} aria-label={`Unfollow ${p.username}`}>Unfollow</button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
