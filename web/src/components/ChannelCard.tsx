import type { LiveStreamSummary } from '../api/types';

export interface CardChannel {
  slug: string;
  name: string;
  category: string | null;
  language?: string | null;
  isLive: boolean;
  followerCount: number;
  liveStream: LiveStreamSummary | null;
}

const hue = (text: string) => [...text].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 360, 7);

export const viewers = (count: number) => `${count.toLocaleString()} ${count === 1 ? 'viewer' : 'viewers'}`;

export const followers = (count: number) => `${count.toLocaleString()} ${count === 1 ? 'follower' : 'followers'}`;

/** A channel in a grid: live badge and viewers on the tile, then title, name, category and language. */
export function ChannelCard({ channel }: { channel: CardChannel }) {
  const live = channel.isLive && channel.liveStream;
  return (
    <li class="card">
      <a href={`/${channel.slug}`} class="card-link">
        <div class="tile" style={{ '--hue': hue(channel.slug) }} aria-hidden="true">
          <span class="tile-initial">{channel.name.slice(0, 1).toUpperCase()}</span>
          {live ? <span class="badge live">LIVE</span> : <span class="badge offline">Offline</span>}
          {live && <span class="tile-viewers">{viewers(channel.liveStream!.viewerCount)}</span>}
        </div>
        <div class="card-body">
          <h3 class="card-title">{live ? channel.liveStream!.title : channel.name}</h3>
          <p class="card-channel">
            {channel.name}
            {live && <span class="visually-hidden">, live now with {viewers(channel.liveStream!.viewerCount)}</span>}
          </p>
        </div>
      </a>
      <p class="chips">
        {channel.category && <a class="chip" href={`/?category=${encodeURIComponent(channel.category)}`}>{channel.category}</a>}
        {channel.language && <a class="chip" href={`/?language=${encodeURIComponent(channel.language)}`}>{channel.language}</a>}
        <span class="muted">{followers(channel.followerCount)}</span>
      </p>
    </li>
  );
}
