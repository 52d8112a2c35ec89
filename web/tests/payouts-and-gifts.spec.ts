import type { ChildProcess } from 'node:child_process';
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { gatewayUrl, liveChannelByApi, registerByApi, screenshot, signIn, signUp, unique, newPageIn } from './support';

// The creator's money on one live channel: the creator connects a payout account through the sandbox's Stripe onboarding
// and reads the payout history; a viewer sees the tiers' prices and gifts subscriptions to whoever is watching.
test.describe.configure({ mode: 'serial' });

const creator = unique('earner');
const slug = `pay-${Math.random().toString(36).slice(2, 10)}`;
let api: APIRequestContext;
let publisher: ChildProcess | undefined;
const contexts: BrowserContext[] = [];

const newPage = (browser: Browser, viewport?: { width: number; height: number }) => newPageIn(browser, contexts, viewport);

test.beforeAll(async ({ playwright }) => {
  api = await playwright.request.newContext();
  const token = await registerByApi(api, creator);
  ({ publisher } = await liveChannelByApi(api, token, 'Payouts And Gifts', slug));
});

test.afterAll(async () => {
  publisher?.kill('SIGKILL');
  for (const context of contexts) await context.close();
  await api?.dispose();
});

test('a creator sets up payouts through Stripe’s onboarding, comes back to a ready account and an empty payout history',
  async ({ browser }) => {
    const page = await newPage(browser);
    await signIn(page, creator);
    await page.goto(`/me/channels/${slug}`);
    await page.getByRole('navigation', { name: 'Dashboard sections' }).getByRole('link', { name: 'Payouts' }).click();
    await expect(page).toHaveURL(new RegExp(`/me/channels/${slug}/payouts$`));

    const account = page.getByTestId('payout-account');
    await expect(account.getByRole('status')).toContainText('Not set up: you have no payout account yet.');
    await expect(page.getByTestId('no-payouts')).toBeVisible();
    await screenshot(page, 'payouts-not-set-up');

    // Keyboard: the onboarding button is reached and pressed like any other.
    const setUp = account.getByRole('button', { name: 'Set up payouts' });
    await setUp.focus();
    await page.keyboard.press('Enter');
    // The sandbox's onboarding link finishes onboarding and sends the creator back to the creator dashboard (at Platform:PublicOrigin).
    await expect(page).toHaveURL(`${gatewayUrl}/me/channels`, { timeout: 20_000 });
    const home = page.getByRole('region', { name: 'Payouts' });
    await expect(home.getByTestId('payout-account').getByRole('status')).toContainText('Ready: payouts are enabled.', { timeout: 30_000 });

    await home.getByRole('link', { name: 'Payout history' }).click();
    await expect(page).toHaveURL(new RegExp(`/me/channels/${slug}/payouts$`));
    await expect(account.getByRole('status')).toContainText('Ready: payouts are enabled.');
    await expect(account.getByRole('button')).toHaveCount(0);
    await expect(page.getByTestId('no-payouts')).toContainText('No payouts yet.');
    await screenshot(page, 'payouts-ready');
  });

test('a viewer sees each tier’s monthly price and gifts a sub to the one signed-in viewer watching, not more', async ({ browser }) => {
  const watcherName = unique('watcher');
  const gifterName = unique('gifter');
  const watcher = await newPage(browser);
  await signUp(watcher, watcherName);
  await watcher.goto(`/${slug}`);
  await expect(watcher.locator('.chat-state')).toHaveText('Live');

  const gifter = await newPage(browser, { width: 390, height: 844 });
  await signUp(gifter, gifterName);
  await gifter.goto(`/${slug}/support`);
  const subscribe = gifter.getByRole('form', { name: 'Subscribe' });
  await expect(subscribe.getByRole('radio', { name: 'Basic' })).toBeVisible();
  await expect(subscribe.locator('.tier-option')).toHaveText(['Basic · $4.99 a month', 'Premium · $9.99 a month', 'VIP · $24.99 a month']);

  const community = gifter.getByRole('form', { name: 'Gift subs to the community' });
  await expect(community.getByRole('radio', { name: 'Premium · $9.99 a month' })).toBeVisible();
  const quantity = community.getByLabel('Number of subscriptions');
  const giftButton = community.getByRole('button', { name: 'Gift to the community' });
  // The page beats every 15 s and this platform forgets a viewer 5 s after a beat: each try opens the watcher's page
  // afresh (it beats at once) rather than waiting up to 15 s for its next beat, and answers with what Payments said
  // (a refusal charges nothing, so trying again is harmless).
  const giftAfterBeat = async () => {
    await Promise.all([
      watcher.waitForResponse((r) => r.url().endsWith('/viewers/heartbeat') && r.ok(), { timeout: 20_000 }),
      watcher.reload(),
    ]);
    await expect(watcher.locator('.chat-state')).toHaveText('Live');
    const answered = gifter.waitForResponse((r) => r.url().endsWith('/api/gifts') && r.request().method() === 'POST');
    await giftButton.click();
    const answer = await answered;
    return { status: answer.status(), body: await answer.json() as { eligibleViewers?: number } };
  };
  // Payments can draw the watcher once Identity has told it of them: ask until it counts them.
  await quantity.fill('3');
  await expect(async () => expect((await giftAfterBeat()).body.eligibleViewers).toBe(1)).toPass({ timeout: 45_000 });
  await expect(gifter.locator('#community-gift-quantity-error'))
    .toHaveText('Only 1 signed-in viewer is watching without a subscription; gift at most 1.');
  await expect(quantity).toHaveAttribute('aria-invalid', 'true');
  await screenshot(gifter, 'community-gift-too-many');

  await quantity.fill('1');
  await expect(async () => expect((await giftAfterBeat()).status).toBe(201)).toPass({ timeout: 45_000 });
  await expect(community.getByRole('status').filter({ hasText: 'Thank you! 1 viewer of Payouts And Gifts gets a month of Basic ($4.99).' }))
    .toBeVisible();
  await expect(watcher.getByRole('list', { name: 'Alerts' })).toContainText(gifterName);
});
