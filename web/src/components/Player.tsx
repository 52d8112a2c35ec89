import Hls, { ErrorTypes, Events } from 'hls.js/light';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Tuned for the platform's HLS: 2-s fragments in a 6-s playlist, no LL-HLS parts. Start two
 * fragments behind the live edge, catch up by playing slightly faster, and jump forward only
 * when more than four fragments behind. Small forward and back buffers keep a long session's
 * memory flat. ABR picks a rendition when the URL is a master playlist, capped to the player's size.
 */
const LIVE_CONFIG = {
  lowLatencyMode: false,
  liveSyncDurationCount: 2,
  liveMaxLatencyDurationCount: 4,
  maxLiveSyncPlaybackRate: 1.15,
  maxBufferLength: 8,
  backBufferLength: 8,
  capLevelToPlayerSize: true,
  startLevel: -1,
  enableWorker: true,
};

type Status = 'starting' | 'playing' | 'waiting' | 'failed';

/** The live player: hls.js where Media Source Extensions exist, the browser's own HLS elsewhere (Safari on iOS). */
export function Player({ src, title, children }: { src: string; title: string; children?: ComponentChildren }) {
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<Status>('starting');
  const [muted, setMuted] = useState(true);

  useEffect(() => {
    const element = video.current!;
    let hls: Hls | null = null;
    let retry = 0;
    let retryTimer = 0;
    const onPlaying = () => setStatus('playing');
    const onWaiting = () => setStatus((current) => (current === 'playing' ? 'waiting' : current));
    element.addEventListener('playing', onPlaying);
    element.addEventListener('waiting', onWaiting);
    // Browsers allow autoplay when muted; the viewer unmutes with one click.
    const play = () => element.play().catch(() => undefined);

    if (Hls.isSupported()) {
      const create = () => {
        hls = new Hls(LIVE_CONFIG);
        hls.on(Events.MANIFEST_PARSED, () => {
          retry = 0;
          void play();
        });
        hls.on(Events.ERROR, (_event, data) => {
          if (!data.fatal) return;
          if (data.type === ErrorTypes.MEDIA_ERROR) {
            hls?.recoverMediaError();
            return;
          }
          // The playlist appears a few seconds after a broadcast starts, and a network blip
          // should not end playback: try again with a growing pause, then say so.
          hls?.destroy();
          hls = null;
          retry++;
          if (retry > 8) {
            setStatus('failed');
            return;
          }
          retryTimer = window.setTimeout(create, Math.min(500 * 2 ** retry, 8000));
        });
        hls.loadSource(src);
        hls.attachMedia(element);
      };
      create();
    } else if (element.canPlayType('application/vnd.apple.mpegurl')) {
      element.src = src;
      void play();
    } else {
      setStatus('failed');
    }

    return () => {
      window.clearTimeout(retryTimer);
      element.removeEventListener('playing', onPlaying);
      element.removeEventListener('waiting', onWaiting);
      hls?.destroy();
      element.removeAttribute('src');
      element.load();
    };
  }, [src]);

  const unmute = () => {
    const element = video.current!;
    element.muted = false;
    setMuted(false);
    void element.play().catch(() => undefined);
  };

  return (
    <div class="player">
      <video ref={video} muted playsInline autoplay controls aria-label={`Live video: ${title}`}
        onVolumeChange={(e) => setMuted(e.currentTarget.muted)} />
      {status !== 'playing' && (
        <p class="player-status" role="status">
          {status === 'failed' ? 'The stream could not be played here. Reload the page to try again.'
            : status === 'waiting' ? 'Buffering…' : 'Starting the stream…'}
        </p>
      )}
      {muted && status === 'playing' && (
        <button type="button" class="unmute" onClick={unmute}>
          <span aria-hidden="true">🔇</span> Unmute
        </button>
      )}
      {children}
    </div>
  );
}
