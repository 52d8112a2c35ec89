const VIEWER_ID_KEY = 'aethex.viewerId';

/**
 * A stable anonymous id for this browser, for the live viewer count and for counting VOD and clip
 * views once a day (the API wants 8–64 of A–Z a–z 0–9 - _).
 */
export function viewerId(): string {
  let id = localStorage.getItem(VIEWER_ID_KEY);
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = crypto.randomUUID();
    localStorage.setItem(VIEWER_ID_KEY, id);
  }
  return id;
}

/** 754 → "12:34", 3754 → "1:02:34". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
