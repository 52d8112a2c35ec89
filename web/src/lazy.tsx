import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component whose code loads when it is first shown, so a page carries only the code it needs:
 * the watch page no dashboard or charts, a channel's live tab no VOD or payment code.
 */
export function lazyPage<P extends object>(load: () => Promise<{ default: FunctionComponent<P> }>): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  return (props: P) => {
    const [Page, setPage] = useState<FunctionComponent<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Page) return;
      load().then(
        (module) => {
          loaded = module.default;
          setPage(() => module.default);
        },
        () => setFailed(true),
      );
    }, []);
    if (failed) return <p role="alert">This page could not be loaded. Check your connection and reload.</p>;
    return Page ? <Page {...props} /> : <p class="loading" aria-live="polite">Loading…</p>;
  };
}
