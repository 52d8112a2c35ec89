import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

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
