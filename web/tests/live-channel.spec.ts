import type { ChildProcess } from 'node:child_process';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { playhead, rtmpUrl, screenshot, signUp, startPublisher, unique, newPageIn } from './support';

// One story, in order: a creator signs up, opens a channel and goes live with the key the
// dashboard shows; a viewer finds it, watches, chats, votes in the creator's poll and follows.
test.describe.configure({ mode: 'serial' });

let publisher: ChildProcess | undefined;
const contexts: BrowserContext[] = [];
const creator = unique('creator');
const viewer = unique('viewer');
const slug = `web-${Math.random().toString(36).slice(2, 10)}`;
let dashboard: Page;
let creatorWatch: Page;
let viewerWatch: Page;

const newPage = (browser: Browser, viewport?: { width: number; height: number }) => newPageIn(browser, contexts, viewport);

test.afterAll(async () => {
  publisher?.kill('SIGKILL');
  for (const context of contexts) await context.close();
});

test('a creator signs up, creates a channel and goes live with the key from the dashboard', async ({ browser }) => {
  dashboard = await newPage(browser);
  await signUp(dashboard, creator);

  await dashboard.getByRole('link', { name: 'Creator dashboard' }).click();
  await dashboard.getByLabel('Channel name', { exact: true }).fill('Browser Test Live');
  await dashboard.getByLabel('Address', { exact: true }).fill(slug);
  await dashboard.getByLabel('Category (optional)').fill('testing');
  await dashboard.getByLabel('Language (optional)').fill('en');
  await dashboard.getByRole('button', { name: 'Create channel' }).click();
  await expect(dashboard).toHaveURL(new RegExp(`/me/channels/${slug}/stream$`));

  // The key stays hidden until asked for.
  await expect(dashboard.getByTestId('stream-key')).toHaveCount(0);
  await dashboard.getByRole('button', { name: 'Reveal stream key' }).click();
  const key = (await dashboard.getByTestId('stream-key').textContent())!.trim();
  expect(key.length).toBeGreaterThan(10);
  await expect(dashboard.getByTestId('ingest-url')).toHaveText(/^rtmp:\/\/.+\/live$/);

  publisher = startPublisher(rtmpUrl, key);
  await expect(dashboard.getByRole('heading', { name: 'You are live' })).toBeVisible({ timeout: 30_000 });
  await dashboard.getByRole('button', { name: 'Hide' }).click();
  await screenshot(dashboard, 'dashboard');
});

test('a viewer finds the live channel and its video plays', async ({ browser }) => {
  viewerWatch = await newPage(browser);
  await signUp(viewerWatch, viewer);

  await viewerWatch.goto(`/?q=${encodeURIComponent('Browser Test Live')}`);
  const card = viewerWatch.locator(`a[href="/${slug}"]`);
  await expect(card).toContainText('LIVE');
  await screenshot(viewerWatch, 'directory');
  await card.click();
  await expect(viewerWatch).toHaveURL(new RegExp(`/${slug}$`));

  // The player starts (muted autoplay) and keeps moving.
  await expect.poll(() => playhead(viewerWatch), { timeout: 45_000 }).toBeGreaterThan(0.5);
  const before = await playhead(viewerWatch);
  await expect.poll(() => playhead(viewerWatch), { timeout: 15_000 }).toBeGreaterThan(before + 1);
  // The page's heartbeat counts this viewer.
  await expect(viewerWatch.getByTestId('viewer-count')).toHaveText(/[1-9]\d* viewers?/);
});

test('chat messages cross between viewers, and anonymous readers are asked to sign in', async ({ browser }) => {
  creatorWatch = await dashboard.context().newPage();
  await creatorWatch.goto(`/${slug}`);
  const anonymous = await newPage(browser, { width: 390, height: 844 });
  await anonymous.goto(`/${slug}`);
  await expect(anonymous.getByRole('link', { name: 'Sign in to chat' })).toBeVisible();
  for (const page of [creatorWatch, viewerWatch, anonymous]) await expect(page.locator('.chat-state')).toHaveText('Live');

  await viewerWatch.getByLabel('Send a message').fill('hello from the viewer');
  await viewerWatch.getByLabel('Send a message').press('Enter');
  await expect(creatorWatch.getByRole('list', { name: 'Messages' })).toContainText('hello from the viewer');
  await expect(anonymous.getByRole('list', { name: 'Messages' })).toContainText('hello from the viewer');

  await creatorWatch.getByLabel('Send a message').fill('welcome, glad you are here');
  await creatorWatch.getByRole('button', { name: 'Chat', exact: true }).click();
  await expect(viewerWatch.getByRole('list', { name: 'Messages' })).toContainText('welcome, glad you are here');
  await screenshot(anonymous, 'watch-phone');
  await anonymous.context().close();
});

test('the creator opens a poll from the dashboard and the viewer votes from the watch page', async () => {
  await dashboard.getByRole('link', { name: 'Polls' }).click();
  await dashboard.getByLabel('Question').fill('Which level next?');
  await dashboard.getByLabel('Option 1').fill('Lava');
  await dashboard.getByLabel('Option 2').fill('Ice');
  await dashboard.getByRole('button', { name: 'Start poll' }).click();
  await expect(dashboard.getByRole('heading', { name: 'Which level next?' })).toBeVisible();

  const poll = viewerWatch.getByRole('region', { name: 'Which level next?' });
  await expect(poll).toBeVisible();
  await poll.getByRole('button', { name: /^Ice:/ }).click();
  await expect(poll.getByRole('button', { name: /^Ice: 1 vote, 100%/ })).toHaveAttribute('aria-pressed', 'true');
  // The creator's tallies move too, over the room.
  await expect(dashboard.getByRole('group', { name: /^Ice: 1 vote, 100%/ })).toBeVisible();
  await screenshot(viewerWatch, 'watch');
  await dashboard.getByRole('button', { name: 'End poll now' }).click();
  await expect(poll).toContainText('Poll ended');
});

test('the viewer follows the channel and finds it under Following', async () => {
  const follow = viewerWatch.getByRole('button', { name: 'Follow', exact: true });
  await follow.click();
  await expect(viewerWatch.getByRole('button', { name: 'Following' })).toHaveAttribute('aria-pressed', 'true');
  await expect(viewerWatch.getByTestId('follower-count')).toHaveText('1 follower');

  await viewerWatch.reload();
  await expect(viewerWatch.getByRole('button', { name: 'Following' })).toBeVisible();
  await viewerWatch.getByRole('link', { name: 'Following', exact: true }).click();
  await expect(viewerWatch.getByRole('list', { name: 'Followed channels', exact: true })).toContainText('Browser Test Live');
  await expect(viewerWatch.getByRole('list', { name: 'Followed channels live now' })).toContainText('LIVE');
});

test('the creator times the viewer out from the chat: the viewer’s messages disappear and the viewer is told why', async () => {
  await viewerWatch.goto(`/${slug}`);
  await expect(viewerWatch.locator('.chat-state')).toHaveText('Live');
  const line = creatorWatch.getByRole('listitem').filter({ hasText: 'hello from the viewer' });
  await line.getByLabel(`Actions for the message from ${viewer}`).click();
  await line.getByRole('button', { name: 'Time out 10 min' }).click();

  await expect(viewerWatch.getByRole('alert').filter({ hasText: 'timed you out' })).toBeVisible();
  await expect(viewerWatch.getByLabel('Send a message')).toBeDisabled();
  for (const page of [viewerWatch, creatorWatch]) {
    await expect(page.getByRole('list', { name: 'Messages' })).not.toContainText('hello from the viewer');
  }
  await expect(creatorWatch.getByRole('list', { name: 'Messages' })).toContainText('welcome, glad you are here');
});
