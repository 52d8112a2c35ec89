import { useEffect, useState } from 'preact/hooks';
import { Store } from '../store';

interface Floater {
  id: number;
  emoji: string;
  left: number;
}

/** Reaction counts arriving from the room, for the overlay to draw. */
export const reactionBursts = new Store<Record<string, number> | null>(null);

const MAX_PER_EMOJI = 4;
const MAX_ON_SCREEN = 24;
let nextId = 0;

/**
 * Emojis drifting up over the video, a few per burst whatever the real count (the room sends
 * sums twice a second): lively, never a wall. Hidden from screen readers; still when the viewer
 * prefers reduced motion.
 */
export function ReactionOverlay() {
  const [floaters, setFloaters] = useState<Floater[]>([]);
  useEffect(() =>
    reactionBursts.subscribe((counts) => {
      if (!counts) return;
      const fresh: Floater[] = [];
      for (const [emoji, count] of Object.entries(counts)) {
        for (let i = 0; i < Math.min(count, MAX_PER_EMOJI); i++) fresh.push({ id: nextId++, emoji, left: 5 + Math.random() * 85 });
      }
      setFloaters((current) => [...current, ...fresh].slice(-MAX_ON_SCREEN));
      const ids = new Set(fresh.map((f) => f.id));
      window.setTimeout(() => setFloaters((current) => current.filter((f) => !ids.has(f.id))), 3000);
    }), []);
  return (
    <div class="reaction-overlay" aria-hidden="true">
      {floaters.map((f) => (
        <span key={f.id} class="floater" style={{ left: `${f.left}%`, animationDelay: `${(f.id % 5) * 90}ms` }}>{f.emoji}</span>
      ))}
    </div>
  );
}
