import type { ChildProcess } from 'node:child_process';
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { callApi, gatewayUrl, liveChannelByApi, playhead, registerByApi, screenshot, signIn, signUp, unique, newPageIn } from './support';

// A creator's live channel, set up through the API; viewers support it from the page, clip it from
// the live player and watch its VOD; the creator reads revenue and analytics on the dashboard.
test.describe.configure({ mode: 'serial' });

const creator = unique('maker');
const donorName = unique('donor');
const slug = `sup-${Math.random().toString(36).slice(2, 10)}`;
let api: APIRequestContext;
let publisher: ChildProcess | undefined;
let streamId: string;
let donor: Page;
let watcher: Page;
let creatorPage: Page;
const contexts: BrowserContext[] = [];

const newPage = (browser: Browser, viewport?: { width: number; height: number }) => newPageIn(browser, contexts, viewport);

test.beforeAll(async ({ playwright }) => {
  api = await playwright.request.newContext();
  const token = await registerByApi(api, creator);
  ({ publisher, streamId } = await liveChannelByApi(api, token, 'Support And Content', slug));
});

test.afterAll(async () => {
  publisher?.kill('SIGKILL');
  for (const context of contexts) await context.close();
  await api?.dispose();
});

test('a sandbox donation and gifts from one viewer show their alerts in another viewer’s chat', async ({ browser }) => {
  watcher = await newPage(browser);
  await watcher.goto(`/${slug}`);
  await expect(watcher.locator('.chat-state')).toHaveText('Live');

  donor = await newPage(browser, { width: 390, height: 844 });
  await signUp(donor, donorName);
  await donor.goto(`/${slug}`);
  await donor.getByRole('link', { name: 'Support', exact: true }).click();
  await expect(donor).toHaveURL(new RegExp(`/${slug}/support$`));

  // Too small an amount: the API's words appear at the field.
  const amount = donor.getByLabel('Amount');
  await amount.fill('0.50');
  await donor.getByRole('button', { name: 'Donate' }).click();
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(donor.locator('#donate-amount-error')).toContainText('amountCents');

  // A declined test card charges nothing and says so.
  await amount.fill('5.00');
  await donor.getByLabel('Test card').first().selectOption({ label: 'Visa 4000 0000 0000 0002 (declined)' });
  await donor.getByRole('button', { name: 'Donate' }).click();
  await expect(donor.getByRole('alert').filter({ hasText: 'Your card was declined. Nothing was charged.' })).toBeVisible();

  await donor.getByLabel('Test card').first().selectOption({ label: 'Visa 4242 4242 4242 4242 (pays)' });
  await donor.getByLabel('Message (optional, shown in the chat)').fill('great stream');
  await donor.getByRole('button', { name: 'Donate' }).click();
  await expect(donor.getByRole('status').filter({ hasText: 'Your donation of $5.00' })).toBeVisible();
  await expect(watcher.getByRole('list', { name: 'Alerts' })).toContainText(`${donorName} donated $5.00: “great stream”`);
  await screenshot(donor, 'support-phone');

  await donor.getByLabel('Gift', { exact: true }).selectOption({ index: 1 });
  await donor.getByLabel('How many').fill('2');
  await donor.getByRole('button', { name: 'Send gifts' }).click();
  await expect(donor.getByRole('status').filter({ hasText: 'Your gift' })).toBeVisible();
  await expect(watcher.getByRole('list', { name: 'Alerts' })).toContainText(`${donorName} sent 2 ×`);
  await screenshot(watcher, 'donation-alert');
});

test('a viewer subscribes with the test card, wears the badge in chat, changes tier, cancels and gifts a month to a named viewer',
  async ({ browser }) => {
    const friend = unique('friend');
    // Registered now, so Payments has heard of the recipient by the time the gift names them.
    const registered = registerByApi(api, friend);
    if (!watcher) {
      watcher = await newPage(browser);
      await watcher.goto(`/${slug}`);
    }
    if (!donor) {
      donor = await newPage(browser, { width: 390, height: 844 });
      await signUp(donor, donorName);
    }
    await expect(watcher.locator('.chat-state')).toHaveText('Live');
    const alerts = watcher.getByRole('list', { name: 'Alerts' });

    await donor.goto(`/${slug}/support`);
    const subscribe = donor.getByRole('form', { name: 'Subscribe' });
    await subscribe.getByRole('radio', { name: 'Premium' }).check();
    await subscribe.getByRole('button', { name: 'Subscribe' }).click();
    await expect(donor.getByRole('status').filter({ hasText: 'You subscribe to Support And Content at Premium.' })).toBeVisible();
    await expect(donor.getByTestId('my-subscription')).toContainText('at Premium. Renews on');
    await expect(alerts).toContainText(`${donorName} subscribed at Premium`);

    // Chat learns the tier from Payments' event: a message sent before it has arrived carries no badge yet.
    await donor.goto(`/${slug}`);
    await expect(donor.locator('.chat-state')).toHaveText('Live');
    let attempt = 0;
    await expect(async () => {
      const text = `subbed ${++attempt}`;
      await donor.getByLabel('Send a message').fill(text);
      await donor.getByRole('button', { name: 'Chat', exact: true }).click();
      const line = watcher.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: text });
      await expect(line.locator('.sub-badge')).toHaveText('Premium subscriber', { timeout: 4_000 });
    }).toPass({ timeout: 30_000 });
    await screenshot(watcher, 'chat-subscriber-badge');

    await donor.getByLabel(`Account menu for ${donorName}`).click();
    await donor.getByRole('link', { name: 'Subscriptions' }).click();
    await expect(donor).toHaveURL(/\/subscriptions$/);
    const row = donor.getByRole('listitem', { name: `Subscription to ${slug}` });
    await expect(row).toContainText('Premium');
    await expect(row.getByTestId('subscription-period')).toContainText('Renews on');
    await row.getByLabel('Change tier').selectOption({ label: 'VIP · $24.99 a month' });
    await row.getByRole('button', { name: 'Change tier' }).click();
    await expect(row.getByRole('status')).toContainText('Now VIP');
    await row.getByRole('button', { name: 'Cancel subscription' }).click();
    await row.getByRole('button', { name: 'Yes, cancel at period end' }).click();
    await expect(row.getByTestId('subscription-period')).toContainText('Ends on');
    await expect(row.locator('.sub-badge')).toHaveText('VIP');
    await screenshot(donor, 'subscriptions');

    await registered;
    await donor.goto(`/${slug}/support`);
    await expect(donor.getByTestId('my-subscription')).toContainText('at VIP. Ends on');
    const gift = donor.getByRole('form', { name: 'Gift a subscription' });
    await gift.getByRole('radio', { name: 'Basic' }).check();
    await gift.getByLabel('For (username)').fill(friend);
    await gift.getByRole('button', { name: 'Gift subscription' }).click();
    await expect(gift.getByRole('status').filter({ hasText: `${friend} now has a month of Basic` })).toBeVisible();
    await expect(alerts).toContainText(`${donorName} gifted a Basic subscription`);
    await expect(alerts).toContainText(`${friend} received a Basic subscription from ${donorName}`);

    // A second month for someone who already has one is refused before anything is charged, in words at the field.
    await gift.getByLabel('For (username)').fill(friend);
    await gift.getByRole('button', { name: 'Gift subscription' }).click();
    await expect(donor.locator('#gift-sub-recipient-error')).toHaveText(`${friend} already subscribes to this channel.`);
    await expect(gift.getByLabel('For (username)')).toHaveAttribute('aria-invalid', 'true');
  });

test('a clip made from the live player plays at its own address, for anyone with the link', async ({ browser }) => {
  const clipper = await newPage(browser);
  await signUp(clipper, unique('clipper'));
  await clipper.goto(`/${slug}`);
  await expect.poll(() => playhead(clipper), { timeout: 45_000 }).toBeGreaterThan(0.5);
  await clipper.getByRole('button', { name: 'Clip', exact: true }).click();
  await clipper.getByLabel('Clip title (optional)').fill('Browser clip');
  await clipper.getByLabel('Last').selectOption({ label: '10 seconds' });
  await clipper.getByRole('button', { name: 'Make clip' }).click();
  await expect(clipper).toHaveURL(new RegExp(`/${slug}/clip/[A-Za-z0-9_-]+$`));
  const address = clipper.url();

  const clip = clipper.getByLabel('Clip: Browser clip');
  await expect(clip).toBeVisible({ timeout: 45_000 });
  await expect.poll(() => playhead(clipper), { timeout: 30_000 }).toBeGreaterThan(0.5);
  await expect(clipper.getByLabel('Share this clip')).toHaveValue(address);
  await screenshot(clipper, 'clip');

  const stranger = await newPage(browser, { width: 390, height: 844 });
  await stranger.goto(address);
  await expect(stranger.getByRole('heading', { name: 'Browser clip' })).toBeVisible();
  await expect.poll(() => playhead(stranger), { timeout: 30_000 }).toBeGreaterThan(0.5);
  await stranger.getByRole('link', { name: slug, exact: true }).click();
  await stranger.getByRole('link', { name: 'Clips', exact: true }).click();
  await expect(stranger.getByRole('list', { name: 'Clips' })).toContainText('Browser clip');
});

test('after the broadcast ends its VOD is listed on the channel page, plays and seeks with storyboard previews', async ({ browser }) => {
  creatorPage = await newPage(browser);
  await signIn(creatorPage, creator);
  publisher?.kill('SIGINT');
  publisher = undefined;

  // The owner's list shows the recording while it is processed and refreshes until it is ready.
  await creatorPage.goto(`/${slug}/videos`);
  const card = creatorPage.getByRole('list', { name: 'Past broadcasts' }).getByRole('link');
  await expect(card).toBeVisible({ timeout: 150_000 });
  await card.click();
  await expect(creatorPage).toHaveURL(new RegExp(`/${slug}/videos/[0-9a-f-]+$`));

  const video = creatorPage.locator('video');
  await video.evaluate((element: HTMLVideoElement) => {
    element.muted = true;
    return element.play();
  });
  await expect.poll(() => playhead(creatorPage), { timeout: 30_000 }).toBeGreaterThan(1);

  // Keyboard seeking: four steps of 5 s on the seek bar.
  const seek = creatorPage.getByLabel('Seek');
  await seek.focus();
  for (let i = 0; i < 4; i++) await seek.press('ArrowRight');
  await expect.poll(() => playhead(creatorPage), { timeout: 15_000 }).toBeGreaterThanOrEqual(19);

  await seek.hover({ position: { x: 40, y: 8 } });
  await expect(creatorPage.getByTestId('storyboard-preview')).toBeVisible();
  await screenshot(creatorPage, 'vod');
});

test('a private VOD keeps playing and seeking for its owner after its signed addresses expire', async () => {
  // The platform under test signs private media for 4 s (PlatformFixture.SignedMediaLifetime), so a few seconds of
  // playback outlive several sets of addresses.
  const vodId = creatorPage.url().split('/').pop()!;
  const token = await creatorPage.evaluate(() => JSON.parse(localStorage.getItem('aethex.session') ?? '{}').accessToken as string);
  await callApi(api, 'PATCH', `/api/vods/${vodId}`, token, { isPublic: false });
  await creatorPage.reload();
  await expect(creatorPage.getByText('Private', { exact: true })).toBeVisible();
  const video = creatorPage.locator('video');
  const firstAddress = await video.evaluate((element: HTMLVideoElement) => element.src);
  expect(firstAddress).toContain('/media/private/');
  await video.evaluate((element: HTMLVideoElement) => {
    element.muted = true;
    return element.play();
  });
  await expect.poll(() => playhead(creatorPage), { timeout: 30_000 }).toBeGreaterThan(1);

  await creatorPage.waitForTimeout(6_000);
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.src), { timeout: 15_000 }).not.toBe(firstAddress);
  const before = await playhead(creatorPage);
  const seek = creatorPage.getByLabel('Seek');
  await seek.focus();
  for (let i = 0; i < 3; i++) await seek.press('ArrowRight');
  await expect.poll(() => playhead(creatorPage), { timeout: 15_000 }).toBeGreaterThanOrEqual(before + 10);
  expect(await video.evaluate((element: HTMLVideoElement) => element.error?.code ?? 0)).toBe(0);
  await expect.poll(async () => {
    const at = await playhead(creatorPage);
    await creatorPage.waitForTimeout(1_000);
    return (await playhead(creatorPage)) - at;
  }, { timeout: 15_000 }).toBeGreaterThan(0.3);

  await callApi(api, 'PATCH', `/api/vods/${vodId}`, token, { isPublic: true });
});

test('the creator’s dashboard shows the donation in revenue and the broadcast in analytics charts', async () => {
  await creatorPage.goto(`/me/channels/${slug}/revenue`);
  const balance = creatorPage.getByTestId('balance-usd');
  await expect(balance).toBeVisible();
  await expect(creatorPage.getByRole('table', { name: 'Payments by kind, USD' }).getByRole('row', { name: /^Donations 1 \$5\.00/ })).toBeVisible();
  // Who to thank: each paid donation and gift, newest first (the declined card is not among them).
  await expect(creatorPage.getByTestId('donations').getByRole('listitem')).toHaveCount(1);
  await expect(creatorPage.getByTestId('donations')).toContainText(`${donorName} gave $5.00 · “great stream”`);
  await expect(creatorPage.getByTestId('gifts')).toContainText(`${donorName} sent 2 ×`);
  await screenshot(creatorPage, 'dashboard-revenue');

  // A window that ends before it starts is refused at the field.
  await creatorPage.getByLabel('From (UTC day, optional)').fill('2026-03-10');
  await creatorPage.getByLabel('Until (UTC day, optional)').fill('2026-03-01');
  await creatorPage.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(creatorPage.locator('#revenue-to-error')).toContainText('to must not be before from');

  await creatorPage.getByRole('link', { name: 'Analytics' }).click();
  await expect(creatorPage).toHaveURL(new RegExp(`/me/channels/${slug}/analytics$`));
  await expect(creatorPage.getByTestId('audience-chart').locator('canvas')).toBeVisible();
  const figures = creatorPage.getByTestId('broadcast-figures');
  await expect(figures).toBeVisible({ timeout: 60_000 });
  await expect(figures.locator('.tile-figure').filter({ hasText: 'Peak viewers' }).locator('strong')).not.toHaveText('0');
  await expect(figures.getByTestId('broadcast-chart').locator('canvas')).toBeVisible();
  await screenshot(creatorPage, 'dashboard-analytics');
});

test('the creator runs a tournament from the dashboard and reads its bracket round by round', async () => {
  await creatorPage.goto(`/me/channels/${slug}/competition`);
  await expect(creatorPage.getByRole('heading', { name: 'Leaderboards & tournaments' })).toBeVisible();

  // Nothing filled in: the API's words appear at the fields.
  await creatorPage.getByRole('button', { name: 'Create tournament' }).click();
  await expect(creatorPage.getByLabel('Tournament name')).toHaveAttribute('aria-invalid', 'true');

  await expect(creatorPage.getByLabel('Game', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await creatorPage.getByLabel('Tournament name').fill('Browser Cup');
  await creatorPage.getByLabel('Game', { exact: true }).fill('Chess');
  await creatorPage.getByLabel('Most channels').fill('4');
  const tomorrow = new Date(Date.now() + 86_400_000);
  const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  await creatorPage.getByLabel('Starts').fill(local);
  await creatorPage.getByRole('button', { name: 'Create tournament' }).click();
  await expect(creatorPage).toHaveURL(/\/t\/[0-9a-f-]+$/);
  const tournamentId = creatorPage.url().split('/').pop()!;

  await creatorPage.getByRole('button', { name: `Enter /${slug}` }).click();
  await expect(creatorPage.getByRole('list', { name: 'Channels in the tournament' })).toContainText('Support And Content');
  // Two rival channels enter through the API.
  for (const rival of ['Rival One', 'Rival Two']) {
    const owner = unique('rival');
    const token = await registerByApi(api, owner);
    const rivalSlug = `${owner.replace(/_/g, '-')}`;
    await api.post(`${gatewayUrl}/api/channels`, { headers: { Authorization: `Bearer ${token}` }, data: { name: rival, slug: rivalSlug } });
    await expect.poll(async () => (await api.post(`${gatewayUrl}/api/tournaments/${tournamentId}/participants`,
      { headers: { Authorization: `Bearer ${token}` }, data: { channelSlug: rivalSlug } })).status(), { timeout: 20_000 }).toBe(201);
  }
  await creatorPage.reload();
  await creatorPage.getByRole('button', { name: 'Start the tournament' }).click();

  const rounds = creatorPage.getByRole('list', { name: 'Winners bracket rounds' });
  await expect(rounds.getByRole('heading', { name: 'Round 1' })).toBeVisible();
  await expect(rounds.getByRole('heading', { name: 'Final' })).toBeVisible();
  const ready = rounds.getByRole('listitem', { name: /, ready$/ }).first();
  const number = /^Match (\d+):/.exec((await ready.getAttribute('aria-label'))!)![1];
  await ready.getByText(/^Report result of match/).click();
  await ready.getByRole('button', { name: 'Save result' }).click();
  await expect(rounds.getByRole('listitem', { name: new RegExp(`^Match ${number}: .*, won by `) })).toBeVisible();
  await screenshot(creatorPage, 'tournament-bracket');
});
