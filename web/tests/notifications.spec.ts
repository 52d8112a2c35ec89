import type { ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { callApi, registerByApi, rtmpUrl, screenshot, signUp, startPublisher, unique } from './support';

let publisher: ChildProcess | undefined;

test.afterAll(() => {
  publisher?.kill('SIGKILL');
});

test('a follower sees a channel go live in the header at once, and the notifications page lists and clears it', async ({ page, request }) => {
  const creator = unique('notifier');
  const slug = `ntf-${Math.random().toString(36).slice(2, 10)}`;
  const token = await registerByApi(request, creator);
  await callApi(request, 'POST', '/api/channels', token, { name: 'Notify Channel', slug, category: 'testing', language: 'en' });
  const { streamKey } = await callApi<{ streamKey: string }>(request, 'GET', `/api/channels/${slug}/stream-key`, token);

  await signUp(page, unique('fan'));
  await page.goto(`/${slug}`);
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Following' })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();

  // Pushed over the hub to the open page: no reload, no polling.
  publisher = startPublisher(rtmpUrl, streamKey);
  const unread = page.getByRole('link', { name: 'Notifications, 1 unread' });
  await expect(unread).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'notification-unread');

  await unread.click();
  const list = page.getByRole('list', { name: 'Your notifications' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Notify Channel went live');
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await screenshot(page, 'notifications');

  // Read stays read after a reload; the entry leads to the channel.
  await page.reload();
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await list.getByRole('link', { name: /Notify Channel/ }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
});
