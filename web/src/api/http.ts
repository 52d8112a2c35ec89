import { ApiError, networkProblem, readProblem } from './problem';
import { accessToken, isSignedIn } from './session';

export interface RequestOptions {
  /** Send the access token when signed in (default), or never (sign-in routes). */
  anonymous?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * One call to the public API on this origin. JSON in and out; a refusal throws ApiError with
 * the problem+json the service sent. A token the API refuses is refreshed once and the call
 * repeated, so an expired access token never reaches the person as an error.
 */
export async function api<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const send = async (token: string | null) => {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...options.headers };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: options.signal });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(networkProblem());
    }
  };

  const token = options.anonymous || !isSignedIn() ? null : await accessToken();
  let response = await send(token);
  if (response.status === 401 && token) {
    const fresh = await accessToken(true);
    response = await send(fresh);
  }
  if (!response.ok) throw new ApiError(await readProblem(response));
  if (response.status === 204 || response.headers.get('Content-Length') === '0') return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, options?: RequestOptions) => api<T>('GET', path, undefined, options);
export const post = <T>(path: string, body?: unknown, options?: RequestOptions) => api<T>('POST', path, body ?? {}, options);
export const put = <T>(path: string, body?: unknown, options?: RequestOptions) => api<T>('PUT', path, body, options);
export const patch = <T>(path: string, body?: unknown, options?: RequestOptions) => api<T>('PATCH', path, body, options);
export const del = <T>(path: string, body?: unknown, options?: RequestOptions) => api<T>('DELETE', path, body, options);

/** Builds "?a=1&b=2" from the values that are set. */
export function query(values: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const enc = encodeURIComponent;
