import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

export const rtmpUrl = process.env.AETHEX_RTMP_URL ?? 'rtmp://127.0.0.1:1935/live';
export const screenshotDir = process.env.AETHEX_SCREENSHOTS ?? join(import.meta.dirname, '..', 'screenshots');
export const password = 'correct horse battery staple';

export const unique = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

/**
 * ffmpeg pushing a test picture and tone over RTMP with a 2-s keyframe interval, as OBS set up per
 * the dashboard would; a small picture, so encoding and three players' decoding spare the shared cores.
 */
export function startPublisher(ingestUrl: string, streamKey: string): ChildProcess {
  const ffmpeg = spawn('ffmpeg', [
    '-nostdin', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=426x240:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '60', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-f', 'flv', `${ingestUrl}/${streamKey}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  ffmpeg.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`ffmpeg: ${chunk}`));
  return ffmpeg;
}

export async function signUp(page: Page, username: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel(`Account menu for ${username}`)).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** The video's playback position, in seconds. */
export const playhead = (page: Page) => page.locator('video').evaluate((video: HTMLVideoElement) => video.currentTime);

export const gatewayUrl = process.env.AETHEX_GATEWAY_URL ?? 'http://localhost:8080';

/** Calls the public API as a script would (set-up that is not what a spec is about). */
export async function callApi<T>(request: APIRequestContext, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await request.fetch(`${gatewayUrl}${path}`, {
    method,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    data: body,
  });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** An account made through the API; returns its access token. */
export async function registerByApi(request: APIRequestContext, username: string): Promise<string> {
  await callApi(request, 'POST', '/api/auth/register', undefined, { username, email: `${username}@example.com`, password });
  const tokens = await callApi<{ accessToken: string }>(request, 'POST', '/api/auth/login', undefined, { login: username, password });
  return tokens.accessToken;
}

/** A channel made through the API and broadcast to with ffmpeg; resolves once the channel is live. */
export async function liveChannelByApi(request: APIRequestContext, token: string, name: string, slug: string) {
  await callApi(request, 'POST', '/api/channels', token, { name, slug, category: 'testing', language: 'en' });
  const { streamKey } = await callApi<{ streamKey: string }>(request, 'GET', `/api/channels/${slug}/stream-key`, token);
  const publisher = startPublisher(rtmpUrl, streamKey);
  let streamId: string | undefined;
  await expect.poll(async () => {
    const channel = await callApi<{ liveStream: { id: string } | null }>(request, 'GET', `/api/channels/${slug}`);
    streamId = channel.liveStream?.id;
    return !!streamId;
  }, { timeout: 30_000 }).toBe(true);
  return { publisher, streamId: streamId! };
}

export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel(`Account menu for ${username}`)).toBeVisible();
}

/** The development mail server's API (smtp4dev), where every mail the platform sends can be read. */
export const mailUrl = process.env.AETHEX_MAIL_URL ?? 'http://localhost:18025';

interface ReceivedMail {
  id: string;
  to: string[];
  subject: string;
  receivedDate: string;
}

/** Waits for the newest mail to an address and returns the path and query of its first link to the platform starting with `path`. */
export async function mailedLink(request: APIRequestContext, address: string, path: string, after = new Date(0)): Promise<string> {
  let found: string | undefined;
  await expect.poll(async () => {
    const page = (await (await request.get(`${mailUrl}/api/messages?pageSize=5000`)).json()) as { results: ReceivedMail[] };
    const mails = page.results
      .filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase()) && new Date(m.receivedDate) >= after)
      .sort((a, b) => b.receivedDate.localeCompare(a.receivedDate));
    for (const mail of mails) {
      const text = await (await request.get(`${mailUrl}/api/messages/${mail.id}/plaintext`)).text();
      const link = (text.match(/https?:\/\/[^\s<>"]+/g) ?? []).map((l) => new URL(l)).find((l) => l.pathname === path);
      if (link) {
        found = link.pathname + link.search;
        return true;
      }
    }
    return false;
  }, { timeout: 30_000, message: `a mail to ${address} with a ${path} link` }).toBe(true);
  return found!;
}

/**
 * Runs the app in a browser context as it runs against Stripe (mode "stripe": it loads Stripe.js from js.stripe.com and
 * takes the card in Stripe's card Element), with the platform still paying at its sandbox: js.stripe.com, unreachable
 * here, is answered with the sandbox's Stripe.js-compatible script, which confirms at the sandbox, and the payments
 * config says "stripe" with the same publishable key and no sandbox address, as it would in production.
 */
export async function payInStripeMode(context: BrowserContext, request: APIRequestContext): Promise<void> {
  const config = await callApi<{ mode: string; sandboxUrl: string | null }>(request, 'GET', '/api/payments/config');
  if (!config.sandboxUrl) throw new Error(`Payments are in ${config.mode} mode: there is no sandbox to serve Stripe.js.`);
  const response = await request.get(`${config.sandboxUrl.replace(/\/$/, '')}/v3/`);
  if (!response.ok()) throw new Error(`The sandbox's Stripe.js: ${response.status()} ${await response.text()}`);
  const script = await response.text();
  await context.route('https://js.stripe.com/v3/', (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
  await context.route('**/api/payments/config', async (route) => {
    const real = await route.fetch();
    await route.fulfill({ response: real, json: { ...(await real.json()), mode: 'stripe', sandboxUrl: null } });
  });
}

/** A page in a fresh browser context (its own cookies and storage: another person), kept in `contexts` to close after the spec. */
export async function newPageIn(browser: Browser, contexts: BrowserContext[], viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext(viewport ? { viewport } : {});
  contexts.push(context);
  return context.newPage();
}
