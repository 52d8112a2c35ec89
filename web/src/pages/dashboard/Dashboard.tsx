import { useEffect, useState } from 'preact/hooks';
import { channels } from '../../api/endpoints';
import type { ApiError } from '../../api/problem';
import type { SignedInUser } from '../../api/session';
import type { LiveChannel } from '../../api/types';
import { asApiError } from '../../components/forms';
import { RequireSignIn } from '../../components/RequireSignIn';
import { lazyPage } from '../../lazy';
import { ChannelSettingsSection, ScheduleSection } from './ChannelSections';
import { ChatSettingsSection, ModerationSection } from './ModerationSections';
import { rememberChannel } from './myChannels';
import { PollsSection } from './PollsSection';
import { StreamSection } from './StreamSection';

export interface SectionProps {
  channel: LiveChannel;
  /** Ask for the channel again (after a change, or to see whether it went live). */
  refresh: () => void;
}

// Sections that draw charts load Chart.js with their own code, only when opened.
const RevenueSection = lazyPage<SectionProps>(() => import('./RevenueSection'));
const PayoutsSection = lazyPage<SectionProps>(() => import('./PayoutsSection'));
const AnalyticsSection = lazyPage<SectionProps>(() => import('./AnalyticsSection'));
const CompetitionSection = lazyPage<SectionProps>(() => import('./CompetitionSection'));

/** The creator's sections, in the sidebar's order. */
const SECTIONS = [
  { id: 'stream', label: 'Stream & key', Component: StreamSection },
  { id: 'schedule', label: 'Schedule', Component: ScheduleSection },
  { id: 'channel', label: 'Channel settings', Component: ChannelSettingsSection },
  { id: 'chat', label: 'Chat settings', Component: ChatSettingsSection },
  { id: 'moderation', label: 'Moderation', Component: ModerationSection },
  { id: 'polls', label: 'Polls', Component: PollsSection },
  { id: 'revenue', label: 'Revenue', Component: RevenueSection },
  { id: 'payouts', label: 'Payouts', Component: PayoutsSection },
  { id: 'analytics', label: 'Analytics', Component: AnalyticsSection },
  { id: 'competition', label: 'Leaderboards & tournaments', Component: CompetitionSection },
];

export default function Dashboard({ slug, section }: { slug: string; section: string }) {
  return <RequireSignIn what="manage this channel">{(user) => <ChannelDashboard user={user} slug={slug} section={section} />}</RequireSignIn>;
}

function ChannelDashboard({ user, slug, section }: { user: SignedInUser; slug: string; section: string }) {
  const [channel, setChannel] = useState<LiveChannel | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const current = SECTIONS.find((s) => s.id === section);

  useEffect(() => {
    channels.get(slug).then((found) => {
      setChannel(found);
      if (found.ownerId === user.id) rememberChannel(user.id, found.slug);
    }, (caught) => setError(asApiError(caught)));
  }, [slug, version, user.id]);
  useEffect(() => {
    document.title = `${current?.label ?? 'Dashboard'} · ${channel?.name ?? slug} · AeThex LIVE`;
  }, [current, channel?.name]);

  if (error) return <section class="narrow"><h1>Dashboard</h1><p role="alert">{error.message}</p></section>;
  if (!channel) return <p class="loading">Loading…</p>;
  if (channel.ownerId !== user.id) {
    return (
      <section class="narrow">
        <h1>Not your channel</h1>
        <p>Only the owner of <a href={`/${channel.slug}`}>{channel.name}</a> can open its dashboard.</p>
      </section>
    );
  }
  return (
    <div class="with-sidebar">
      <nav class="sidebar" aria-label="Dashboard sections">
        <p class="muted"><a href="/me/channels">Creator dashboard</a></p>
        <h1>{channel.name}</h1>
        <p>
          {channel.isLive ? <span class="badge live">LIVE</span> : <span class="badge offline">Offline</span>}{' '}
          <a href={`/${channel.slug}`}>Open the watch page</a>
        </p>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a href={`/me/channels/${channel.slug}/${s.id}`} aria-current={s.id === section ? 'page' : undefined}>{s.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="panel">
        {current ? <current.Component channel={channel} refresh={() => setVersion((v) => v + 1)} /> : <p role="alert">No such section.</p>}
      </div>
    </div>
  );
}
