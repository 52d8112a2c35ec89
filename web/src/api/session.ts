import { Store } from '../store';
import { ApiError, networkProblem, readProblem } from './problem';
import type { TokenResponse } from './types';

/** Who is signed in, read from the access token's claims (the services check its signature). */
export interface SignedInUser {
  id: string;
  username: string;
  roles: string[];
}

interface StoredTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds at which the access token stops working. */
  expiresAt: number;
}

const STORAGE_KEY = 'aethex.session';
const LOCK_NAME = 'aethex.session.refresh';
/** Refresh this long before the access token expires, so no request goes out with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

let tokens: StoredTokens | null = load();

export const currentUser = new Store<SignedInUser | null>(tokens ? userOf(tokens.accessToken) : null);

/** Set when the session ended on its own (refresh token refused): the sign-in page says why. */
export const sessionEndedReason = new Store<string | null>(null);

// Another tab signed in, refreshed or signed out: follow it.
window.addEventListener('storage', (event) => {
  if (event.key !== STORAGE_KEY) return;
  tokens = load();
  publish();
});

export function isSignedIn(): boolean {
  return tokens !== null;
}

export function startSession(response: TokenResponse): void {
  save(toStored(response));
  sessionEndedReason.set(null);
}

/**
 * A usable access token, refreshed first when it is about to expire; null when signed out.
 * `force` refreshes even a token that looks fresh (the API has just refused it).
 */
export async function accessToken(force = false): Promise<string | null> {
  const held = tokens;
  if (!held) return null;
  if (!force && held.expiresAt - Date.now() > REFRESH_MARGIN_MS) return held.accessToken;
  return refresh(held.refreshToken);
}

let inFlight: Promise<string | null> | null = null;

/**
 * Refresh tokens rotate: each works once, and presenting a used one ends the whole sign-in.
 * So one refresh at a time in this tab (a shared promise) and across tabs (a Web Lock): whoever
 * holds the lock re-reads storage first and uses the tokens another tab just got, if any.
 */
function refresh(seenRefreshToken: string): Promise<string | null> {
  inFlight ??= withLock(async () => {
    const stored = load();
    if (!stored) {
      clear(null);
      return null;
    }
    if (stored.refreshToken !== seenRefreshToken) {
      tokens = stored;
      publish();
      return stored.accessToken;
    }
    let response: Response;
    try {
      response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: stored.refreshToken }),
      });
    } catch {
      throw new ApiError(networkProblem());
    }
    if (response.ok) {
      const fresh = toStored((await response.json()) as TokenResponse);
      save(fresh);
      return fresh.accessToken;
    }
    const problem = await readProblem(response);
    // 401: the sign-in is over (expired, revoked or reused). Anything else (429, 5xx) may pass: keep the tokens.
    if (response.status === 401) {
      clear(problem.detail ?? problem.title ?? 'Your session ended; please sign in again.');
      return null;
    }
    throw new ApiError(problem);
  }).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** Ends the sign-in on the server (best effort) and forgets the tokens in every tab. */
export async function signOut(): Promise<void> {
  const held = tokens;
  if (!held) return;
  try {
    const token = await accessToken();
    if (token) {
      await fetch('/api/auth/logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ refreshToken: load()?.refreshToken ?? held.refreshToken }),
      });
    }
  } catch {
    // Signing out locally matters most; the refresh token expires on its own.
  } finally {
    clear(null);
  }
}

function withLock<T>(work: () => Promise<T>): Promise<T> {
  return 'locks' in navigator ? (navigator.locks.request(LOCK_NAME, work) as Promise<T>) : work();
}

function toStored(response: TokenResponse): StoredTokens {
  return { accessToken: response.accessToken, refreshToken: response.refreshToken, expiresAt: Date.now() + response.expiresIn * 1000 };
}

function load(): StoredTokens | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredTokens;
    return parsed.accessToken && parsed.refreshToken && userOf(parsed.accessToken) ? parsed : null;
  } catch {
    return null;
  }
}

function save(next: StoredTokens): void {
  tokens = next;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  publish();
}

function clear(reason: string | null): void {
  tokens = null;
  localStorage.removeItem(STORAGE_KEY);
  if (reason) sessionEndedReason.set(reason);
  publish();
}

function publish(): void {
  const next = tokens ? userOf(tokens.accessToken) : null;
  const previous = currentUser.value;
  if (previous?.id === next?.id && previous?.username === next?.username) return;
  currentUser.set(next);
}

function userOf(accessToken: string): SignedInUser | null {
  try {
    const payload = accessToken.split('.')[1];
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    const roles = claims.role === undefined ? [] : Array.isArray(claims.role) ? claims.role.map(String) : [String(claims.role)];
    if (typeof claims.sub !== 'string' || typeof claims.preferred_username !== 'string') return null;
    return { id: claims.sub, username: claims.preferred_username, roles };
  } catch {
    return null;
  }
}
