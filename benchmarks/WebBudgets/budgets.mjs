#!/usr/bin/env node
// The web app's budgets (issue 18), measured in Debian's Chromium against a running platform:
//   watch-page JavaScript gzipped (budget 250 KB), first video frame after navigating to a live
//   channel through the gateway (target 3 s, p50 of 5 cold loads), chat message send → shown in
//   another page (target p50 100 ms).
// It sets up its own live channel: a new account, a channel, and ffmpeg broadcasting to it.
//
//   AppHost/scripts/run.sh                     # in another terminal, then:
//   node benchmarks/WebBudgets/budgets.mjs [--gateway http://localhost:8080] [--rtmp rtmp://127.0.0.1:1935/live]
//                                          [--loads 5] [--messages 20]
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

// playwright-core comes with the web app's packages (AppHost/scripts/setup.sh installs them).
const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []));
const gateway = (args.gateway ?? process.env.AETHEX_GATEWAY_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const rtmp = args.rtmp ?? process.env.AETHEX_RTMP_URL ?? 'rtmp://127.0.0.1:1935/live';
const loads = Number(args.loads ?? 5);
const messages = Number(args.messages ?? 20);
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function call(method, path, body, token) {
  const response = await fetch(gateway + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function liveChannel() {
  const id = Math.random().toString(36).slice(2, 10);
  const username = `budget_${id}`;
  const password = 'correct horse battery staple';
  await call('POST', '/api/auth/register', { username, email: `${username}@example.com`, password });
  const tokens = await call('POST', '/api/auth/login', { login: username, password });
  const slug = `budget-${id}`;
  await call('POST', '/api/channels', { name: 'Budget check', slug }, tokens.accessToken);
  const { streamKey } = await call('GET', `/api/channels/${slug}/stream-key`, undefined, tokens.accessToken);
  const ffmpeg = spawn('ffmpeg', ['-nostdin', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '60',
    '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'flv', `${rtmp}/${streamKey}`], { stdio: 'ignore' });
  // Measure a channel that is live and settled: its playlist holds a few fragments.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const channel = await call('GET', `/api/channels/${slug}`);
    if (channel.liveStream?.hlsUrl) {
      const playlist = await fetch(gateway + channel.liveStream.hlsUrl).then((r) => (r.ok ? r.text() : ''));
      if ((playlist.match(/#EXTINF/g) ?? []).length >= 3) return { slug, tokens, ffmpeg };
    }
    await sleep(500);
  }
  ffmpeg.kill('SIGKILL');
  throw new Error('The channel did not go live within 60 s: is the platform running, and is --rtmp its ingest?');
}

// Installed before any page script: the time of the first presented video frame, on the page's own clock
// (milliseconds since navigation started).
function recordFirstFrame() {
  window.__firstFrame = new Promise((resolve) => {
    const hook = (video) => {
      if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback((now) => resolve(now));
      else video.addEventListener('playing', () => resolve(performance.now()), { once: true });
    };
    new MutationObserver((_, observer) => {
      const video = document.querySelector('video');
      if (video) {
        observer.disconnect();
        hook(video);
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

async function watchPageJavaScript(browser, slug) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = new Map();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.set(response.url(), response);
  });
  await page.addInitScript(recordFirstFrame);
  await page.goto(`${gateway}/${slug}`);
  await page.evaluate(() => window.__firstFrame);
  let gzipped = 0;
  for (const response of scripts.values()) gzipped += gzipSync(await response.body(), { level: 9 }).length;
  await context.close();
  return { files: scripts.size, kilobytes: gzipped / 1024 };
}

async function firstFrames(browser, slug) {
  const cold = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(recordFirstFrame);
    await page.goto(`${gateway}/${slug}`);
    cold.push(await page.evaluate(() => window.__firstFrame));
    await context.close();
  }
  return cold;
}

async function chatLatency(browser, slug, tokens) {
  const senderContext = await browser.newContext();
  await senderContext.addInitScript((session) => localStorage.setItem('aethex.session', session), JSON.stringify({
    accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000,
  }));
  const sender = await senderContext.newPage();
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await reader.addInitScript(() => {
    window.__seen = {};
    new MutationObserver((records) => {
      const at = performance.timeOrigin + performance.now();
      for (const record of records) {
        for (const node of record.addedNodes) {
          const text = node.textContent ?? '';
          const token = text.match(/budget-msg-\d+/)?.[0];
          if (token && !(token in window.__seen)) window.__seen[token] = at;
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await Promise.all([sender.goto(`${gateway}/${slug}`), reader.goto(`${gateway}/${slug}`)]);
  for (const page of [sender, reader]) await page.locator('.chat-state', { hasText: 'Live' }).waitFor({ timeout: 30_000 });

  const latencies = [];
  for (let i = 0; i < messages; i++) {
    const token = `budget-msg-${i}`;
    await sender.fill('#chat-input', `${token} ${'·'.repeat(i % 5)}`);
    const sentAt = await sender.evaluate(() => {
      const at = performance.timeOrigin + performance.now();
      document.querySelector('.chat-form').requestSubmit();
      return at;
    });
    await reader.waitForFunction((t) => t in window.__seen, token, { timeout: 10_000 });
    latencies.push((await reader.evaluate((t) => window.__seen[t], token)) - sentAt);
    await sleep(250);
  }
  await senderContext.close();
  await readerContext.close();
  return latencies;
}

const { slug, tokens, ffmpeg } = await liveChannel();
const browser = await chromium.launch({ executablePath: process.env.AETHEX_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
try {
  const js = await watchPageJavaScript(browser, slug);
  const frames = await firstFrames(browser, slug);
  const chat = await chatLatency(browser, slug, tokens);
  const ok = (pass) => (pass ? 'within' : 'OVER');
  const ms = (value) => `${value.toFixed(0)} ms`;
  console.log(`Web budgets against ${gateway} (channel /${slug})`);
  console.log(`  watch page JavaScript: ${js.kilobytes.toFixed(1)} KB gzipped in ${js.files} files (budget 250 KB: ${ok(js.kilobytes <= 250)})`);
  console.log(`  first video frame after navigation, ${loads} cold loads: p50 ${(percentile(frames, 50) / 1000).toFixed(2)} s`
    + ` (min ${(Math.min(...frames) / 1000).toFixed(2)} s, max ${(Math.max(...frames) / 1000).toFixed(2)} s; target 3 s: ${ok(percentile(frames, 50) <= 3000)})`);
  console.log(`  chat send → shown in another page, ${messages} messages: p50 ${ms(percentile(chat, 50))}, p95 ${ms(percentile(chat, 95))},`
    + ` max ${ms(Math.max(...chat))} (target p50 100 ms: ${ok(percentile(chat, 50) <= 100)})`);
} finally {
  await browser.close();
  ffmpeg.kill('SIGKILL');
}
