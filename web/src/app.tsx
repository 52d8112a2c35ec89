import { useEffect, useRef, useState } from 'preact/hooks';
import { prefetchChannel } from './api/endpoints';
import { currentUser, signOut } from './api/session';
import { lazyPage } from './lazy';
import { Directory } from './pages/Directory';
import { unreadNotifications } from './notifications/live';
import { match, navigate, useLocation } from './router';
import { useStore } from './store';

const Channel = lazyPage(() => import('./pages/Channel'));
const Login = lazyPage(() => import('./pages/Login'));
const Signup = lazyPage(() => import('./pages/Signup'));
const Settings = lazyPage(() => import('./pages/Settings'));
const Following = lazyPage(() => import('./pages/Following'));
const UserProfile = lazyPage(() => import('./pages/UserProfile'));
const DashboardHome = lazyPage(() => import('./pages/dashboard/DashboardHome'));
const Dashboard = lazyPage(() => import('./pages/dashboard/Dashboard'));
const VodPage = lazyPage(() => import('./pages/content/VodPage'));
const ClipPage = lazyPage(() => import('./pages/content/ClipPage'));
const TournamentPage = lazyPage(() => import('./pages/competition/TournamentPage'));
const Notifications = lazyPage(() => import('./pages/Notifications'));
const Subscriptions = lazyPage(() => import('./pages/Subscriptions'));
const VerifyEmail = lazyPage(() => import('./pages/account/VerifyEmail'));
const ForgotPassword = lazyPage(() => import('./pages/account/ForgotPassword'));
const ResetPassword = lazyPage(() => import('./pages/account/ResetPassword'));

function Routes() {
  const { path } = useLocation();
  let params: Record<string, string> | null;
  if (path === '/') return <Directory />;
  if (path === '/login') return <Login />;
  if (path === '/signup') return <Signup />;
  if (path === '/verify-email') return <VerifyEmail />;
  if (path === '/forgot-password') return <ForgotPassword />;
  if (path === '/reset-password') return <ResetPassword />;
  if (path === '/following') return <Following />;
  if (path === '/notifications') return <Notifications />;
  if (path === '/subscriptions') return <Subscriptions />;
  if ((params = match('/settings/:section?', path))) return <Settings section={params.section ?? 'profile'} />;
  if ((params = match('/u/:username', path))) return <UserProfile username={params.username} />;
  if ((params = match('/t/:id', path))) return <TournamentPage key={params.id} id={params.id} />;
  if (path === '/me/channels') return <DashboardHome />;
  if ((params = match('/me/channels/:slug/:section?', path))) return <Dashboard slug={params.slug} section={params.section ?? 'stream'} />;
  if ((params = match('/:slug/videos/:id', path))) return <VodPage key={params.id} channelSlug={params.slug} id={params.id} />;
  if ((params = match('/:slug/clip/:clip', path))) return <ClipPage key={params.clip} channelSlug={params.slug} clipSlug={params.clip} />;
  if ((params = match('/:slug/:tab?', path)) && /^[a-z0-9-]{3,40}$/.test(params.slug)) {
    prefetchChannel(params.slug);
    return <Channel key={params.slug} slug={params.slug} tab={params.tab ?? 'live'} />;
  }
  return <NotFound />;
}

function NotFound() {
  useEffect(() => {
    document.title = 'Not found · AeThex LIVE';
  }, []);
  return (
    <section class="narrow">
      <h1>Nothing here</h1>
      <p>
        That address leads nowhere. <a href="/">Browse live channels</a>.
      </p>
    </section>
  );
}

function Header() {
  const user = useStore(currentUser);
  const { path, query } = useLocation();
  const shownQuery = path === '/' ? query.get('q') ?? '' : '';
  const [search, setSearch] = useState(shownQuery);
  // The box shows the directory's current search, and empties on other pages.
  useEffect(() => setSearch(shownQuery), [shownQuery]);
  const onSearch = (event: Event) => {
    event.preventDefault();
    const q = search.trim();
    navigate(q ? `/?q=${encodeURIComponent(q)}` : '/');
  };
  return (
    <header class="site-header">
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <a href="/" class="brand" aria-label="AeThex LIVE, browse live channels">
        AeThex <span>LIVE</span>
      </a>
      <form role="search" class="header-search" onSubmit={onSearch}>
        <label for="header-q" class="visually-hidden">Search channels</label>
        <input id="header-q" type="search" placeholder="Search channels" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </form>
      <nav aria-label="Main">
        <ul>
          <li><a href="/" aria-current={path === '/' ? 'page' : undefined}>Browse</a></li>
          {user && <li><a href="/following" aria-current={path === '/following' ? 'page' : undefined}>Following</a></li>}
          {user && <li><a href="/me/channels" aria-current={path.startsWith('/me/channels') ? 'page' : undefined}>Creator dashboard</a></li>}
          {user && <li><NotificationsLink current={path === '/notifications'} /></li>}
          {user ? <AccountMenu username={user.username} /> : (
            <>
              <li><a href={`/login?next=${encodeURIComponent(path)}`} class="button">Sign in</a></li>
              <li><a href="/signup" class="button primary">Sign up</a></li>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}

function NotificationsLink({ current }: { current: boolean }) {
  const unread = useStore(unreadNotifications);
  const label = unread ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <a href="/notifications" aria-current={current ? 'page' : undefined} aria-label={label} class="notifications-link">
      Notifications{unread ? <span class="count" data-testid="unread-notifications" aria-hidden="true">{unread}</span> : null}
    </a>
  );
}

function AccountMenu({ username }: { username: string }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const { path } = useLocation();
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [path]);
  return (
    <li>
      <details class="menu" ref={menu}>
        <summary aria-label={`Account menu for ${username}`}>{username}</summary>
        <ul>
          <li><a href={`/u/${username}`}>Your profile</a></li>
          <li><a href="/subscriptions">Subscriptions</a></li>
          <li><a href="/settings">Settings</a></li>
          <li><a href="/settings/security">Two-factor sign-in</a></li>
          <li>
            <button type="button" class="link" onClick={async () => { await signOut(); navigate('/'); }}>
              Sign out
            </button>
          </li>
        </ul>
      </details>
    </li>
  );
}

export function App() {
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a client-side navigation, move focus to the new page as a full load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [path]);
  return (
    <>
      <Header />
      <main id="main" ref={main} tabIndex={-1}>
        <Routes />
      </main>
    </>
  );
}
