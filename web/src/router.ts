import { Store, useStore } from './store';

export interface Location {
  path: string;
  query: URLSearchParams;
}

const read = (): Location => ({ path: decodeURI(window.location.pathname), query: new URLSearchParams(window.location.search) });

export const location = new Store<Location>(read());

window.addEventListener('popstate', () => location.set(read()));

/** Client-side navigation: pushes (or replaces) the history entry and re-renders the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location.set(read());
  if (!options.replace) window.scrollTo(0, 0);
}

export const useLocation = () => useStore(location);

// Same-origin links become client-side navigations (a modified click still opens a new tab).
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download') || anchor.origin !== window.location.origin) return;
  if (/^\/(api|hubs|hls|media|docs|health)(\/|$)/.test(anchor.pathname)) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search + anchor.hash);
});

/** Matches "/me/channels/:slug/:section?" against a path; returns the named parts or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i];
    const optional = part.endsWith('?');
    const name = part.replace(/^:/, '').replace(/\?$/, '');
    if (i >= got.length) {
      if (optional) continue;
      return null;
    }
    if (part.startsWith(':')) params[name] = got[i];
    else if (part !== got[i]) return null;
  }
  return got.length <= want.length ? params : null;
}
