import { useEffect, useState } from 'preact/hooks';
import { users } from '../api/endpoints';
import type { ApiError } from '../api/problem';
import { currentUser } from '../api/session';
import type { PublicProfile } from '../api/types';
import { asApiError } from '../components/forms';
import { navigate } from '../router';
import { useStore } from '../store';

export default function UserProfile({ username }: { username: string }) {
  const me = useStore(currentUser);
  const [profile, setProfile] = useState<PublicProfile | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setProfile(null);
    setError(null);
    users.profile(username).then(setProfile, (caught) => setError(asApiError(caught)));
  }, [username, me?.id]);
  useEffect(() => {
    document.title = `${profile?.displayName ?? username} · AeThex LIVE`;
  }, [profile, username]);

  const toggle = async () => {
    if (!profile) return;
    if (!me) {
      navigate(`/login?next=${encodeURIComponent(`/u/${username}`)}`);
      return;
    }
    setBusy(true);
    try {
      if (profile.isFollowedByMe) await users.unfollow(profile.username);
      else await users.follow(profile.username);
      setProfile({
        ...profile,
        isFollowedByMe: !profile.isFollowedByMe,
        followerCount: profile.followerCount + (profile.isFollowedByMe ? -1 : 1),
      });
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (error && !profile) {
    return (
      <section class="narrow">
        <h1>{error.status === 404 ? 'No such person' : 'This profile could not be loaded'}</h1>
        <p role="alert">{error.message}</p>
      </section>
    );
  }
  if (!profile) return <p class="loading">Loading…</p>;
  const self = me?.id === profile.id;
  return (
    <section class="narrow profile">
      <h1>{profile.displayName ?? profile.username}{profile.verified && <span class="verified" title="Verified"> ✓</span>}</h1>
      <p class="muted">@{profile.username}{profile.followsMe && ' · follows you'}</p>
      {profile.bio && <p>{profile.bio}</p>}
      <p>
        <strong>{profile.followerCount.toLocaleString()}</strong> followers · following <strong>{profile.followingCount.toLocaleString()}</strong>
      </p>
      {self ? <a class="button" href="/settings">Edit your profile</a> : (
        <button type="button" class={profile.isFollowedByMe ? '' : 'primary'} onClick={toggle} disabled={busy} aria-pressed={!!profile.isFollowedByMe}>
          {profile.isFollowedByMe ? 'Following' : 'Follow'}
        </button>
      )}
      {error && <p class="form-error" role="alert">{error.message}</p>}
    </section>
  );
}
