import { useEffect, useState } from 'preact/hooks';
import { channels, streams } from '../../api/endpoints';
import type { Broadcast, StreamKey } from '../../api/types';
import { Done, Field, FormError, Submit, useSubmit } from '../../components/forms';
import type { SectionProps } from './Dashboard';

/** Stream key (hidden until revealed, rotatable), OBS set-up, and the live broadcast's title while live. */
export function StreamSection({ channel, refresh }: SectionProps) {
  const [key, setKey] = useState<StreamKey | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const reveal = useSubmit();
  const rotate = useSubmit();

  // Going live is noticed without a reload: look again every few seconds while offline.
  useEffect(() => {
    if (channel.isLive) return;
    const timer = window.setInterval(refresh, 5000);
    return () => window.clearInterval(timer);
  }, [channel.isLive]);

  const show = () => reveal.run(async () => {
    setKey(await channels.streamKey(channel.slug));
  });
  const replace = () => {
    if (!window.confirm('Rotate the stream key? Your encoder must use the new key, and a broadcast using the old one stops now.')) return;
    void rotate.run(async () => {
      setKey(await channels.rotateStreamKey(channel.slug));
      refresh();
      return 'The key was replaced. Put the new key into your encoder.';
    });
  };
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${what} copied.`);
    } catch {
      setCopied(`Copying is blocked here: select the ${what.toLowerCase()} and copy it by hand.`);
    }
  };

  return (
    <>
      <section aria-labelledby="live-title">
        <h2 id="live-title">{channel.isLive ? 'You are live' : 'Go live'}</h2>
        {channel.isLive && channel.liveStream ? (
          <LiveStreamDetails streamId={channel.liveStream.id} viewerCount={channel.liveStream.viewerCount} slug={channel.slug} />
        ) : (
          <p>Start streaming from your encoder with the server and key below; this page notices within seconds.</p>
        )}
      </section>
      <section aria-labelledby="key-title">
        <h2 id="key-title">Stream key</h2>
        <p>Anyone with your key can stream as you. Keep it out of screenshots and shared screens.</p>
        <FormError error={reveal.error ?? rotate.error} />
        {key ? (
          <dl class="key-box">
            <dt>Server</dt>
            <dd>
              <code data-testid="ingest-url">{key.ingestUrl}</code>{' '}
              <button type="button" onClick={() => copy(key.ingestUrl, 'Server')}>Copy</button>
            </dd>
            <dt>Stream key</dt>
            <dd>
              <code data-testid="stream-key">{key.streamKey}</code>{' '}
              <button type="button" onClick={() => copy(key.streamKey, 'Stream key')}>Copy</button>{' '}
              <button type="button" onClick={() => setKey(null)}>Hide</button>
            </dd>
          </dl>
        ) : (
          <p class="key-box">
            <span aria-label="Stream key hidden">••••••••••••••••••••</span>{' '}
            <button type="button" class="primary" onClick={show} disabled={reveal.busy}>Reveal stream key</button>
          </p>
        )}
        {copied && <p role="status" class="muted">{copied}</p>}
        <p>
          <button type="button" onClick={replace} disabled={rotate.busy}>Rotate key</button>
        </p>
        <Done message={rotate.done} />
      </section>
      <section aria-labelledby="obs-title">
        <h2 id="obs-title">Set up OBS Studio</h2>
        <ol class="steps">
          <li>Open <strong>Settings → Stream</strong>, choose Service <strong>Custom…</strong>.</li>
          <li>Server: the server above ({key ? <code>{key.ingestUrl}</code> : 'reveal the key to see it'}). Stream Key: your stream key.</li>
          <li>
            In <strong>Settings → Output</strong> (Output Mode: Advanced) set <strong>Keyframe Interval to 2 s</strong>: the platform cuts
            2-second pieces, so viewers stay a few seconds behind you. x264 or a hardware encoder, CBR 2,500–6,000 Kbps; AAC audio.
          </li>
          <li>Press <strong>Start Streaming</strong>. Stopping ends the broadcast; if the connection drops, you have 30 s to come back to the same stream.</li>
        </ol>
        <p class="hint">
          With ffmpeg: <code>ffmpeg -re -i input.mp4 -c:v libx264 -g 60 -c:a aac -f flv {key ? `${key.ingestUrl}/<key>` : '<server>/<key>'}</code>
        </p>
      </section>
    </>
  );
}

function LiveStreamDetails({ streamId, viewerCount, slug }: { streamId: string; viewerCount: number; slug: string }) {
  const [stream, setStream] = useState<Broadcast | null>(null);
  const [title, setTitle] = useState('');
  const [tags, setTags] = useState('');
  const { busy, error, done, run } = useSubmit();
  useEffect(() => {
    streams.get(streamId).then((s) => {
      setStream(s);
      setTitle(s.title);
      setTags(s.tags.join(', '));
    }, () => undefined);
  }, [streamId]);
  const submit = (event: Event) => run(async () => {
    event.preventDefault();
    const updated = await streams.update(streamId, { title: title.trim(), tags: splitTags(tags) });
    setStream(updated);
    return 'Saved: viewers see the new title.';
  });
  return (
    <>
      <p>
        <span class="badge live">LIVE</span> {(stream?.viewerCount ?? viewerCount).toLocaleString()} watching
        {stream?.startedAt && <> · since {new Date(stream.startedAt).toLocaleTimeString()}</>} · <a href={`/${slug}`}>Watch page</a>
      </p>
      <form onSubmit={submit} noValidate class="inline-form">
        <FormError error={error} shown={['title', 'tags']} />
        <Field label="Title of this broadcast" name="title" value={title} error={error} maxLength={140} onInput={(e) => setTitle(e.currentTarget.value)} />
        <Field label="Tags" name="tags" value={tags} error={error} hint="Comma-separated, up to 10." onInput={(e) => setTags(e.currentTarget.value)} />
        <Submit busy={busy}>Save</Submit>
        <Done message={done} />
      </form>
    </>
  );
}

export function splitTags(text: string): string[] {
  return text.split(',').map((t) => t.trim()).filter(Boolean);
}
