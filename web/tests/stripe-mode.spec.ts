import type { ChildProcess } from 'node:child_process';
import { expect, test, type APIRequestContext, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { liveChannelByApi, payInStripeMode, registerByApi, screenshot, signUp, unique } from './support';

// The Support tab as it runs against Stripe: Stripe.js's card Element instead of the sandbox's test-card select, the
// card confirmed with stripe.confirmCardPayment. The platform still pays at its sandbox, which serves the Stripe.js
// stand-in the browser gets for js.stripe.com (see payInStripeMode).
test.describe.configure({ mode: 'serial' });

const creator = unique('smaker');
const donorName = unique('sdonor');
const slug = `stripe-${Math.random().toString(36).slice(2, 10)}`;
let api: APIRequestContext;
let publisher: ChildProcess | undefined;
let watcher: Page;
let donor: Page;
const contexts: BrowserContext[] = [];

/** Types a card into a form's card Element as a person would: number, expiry, CVC. */
async function typeCard(form: Locator, number: string) {
  await form.getByLabel('Card number').fill(number);
  await form.getByLabel('Expiration date (MM / YY)').fill('12 / 34');
  await form.getByLabel('CVC').fill('123');
}

test.beforeAll(async ({ playwright, browser }) => {
  api = await playwright.request.newContext();
  const token = await registerByApi(api, creator);
  ({ publisher } = await liveChannelByApi(api, token, 'Stripe Mode', slug));

  const watching = await browser.newContext();
  contexts.push(watching);
  watcher = await watching.newPage();
  const paying = await browser.newContext();
  contexts.push(paying);
  await payInStripeMode(paying, api);
  donor = await paying.newPage();
});

test.afterAll(async () => {
  publisher?.kill('SIGKILL');
  for (const context of contexts) await context.close();
  await api?.dispose();
});

test('in stripe mode a donation is paid with a card typed into Stripe.js: a declined card in words, then one that pays and alerts the room',
  async () => {
    await watcher.goto(`/${slug}`);
    await expect(watcher.locator('.chat-state')).toHaveText('Live');

    await signUp(donor, donorName);
    await donor.goto(`/${slug}/support`);
    const donate = donor.getByRole('form', { name: 'Donate' });
    await expect(donate.getByLabel('Card number')).toBeVisible();
    await expect(donor.getByLabel('Test card')).toHaveCount(0);
    await expect(donor.getByText('Sandbox mode: no real money moves.')).toHaveCount(0);

    // The card Element's own check, before anything is sent.
    await donate.getByLabel('Card number').fill('4242 4242 4242 4241');
    await expect(donate.getByText('Your card number is invalid.')).toBeVisible();

    await typeCard(donate, '4000 0000 0000 0002');
    await expect(donate.getByText('Your card number is invalid.')).toHaveCount(0);
    await donate.getByRole('button', { name: 'Donate' }).click();
    await expect(donor.getByRole('alert').filter({ hasText: 'Your card was declined. Nothing was charged.' })).toBeVisible();

    await typeCard(donate, '4242 4242 4242 4242');
    await donate.getByLabel('Message (optional, shown in the chat)').fill('paid through Stripe.js');
    await donate.getByRole('button', { name: 'Donate' }).click();
    await expect(donor.getByRole('status').filter({ hasText: 'Your donation of $5.00' })).toBeVisible();
    await expect(watcher.getByRole('list', { name: 'Alerts' })).toContainText(`${donorName} donated $5.00: “paid through Stripe.js”`);
    await screenshot(donor, 'support-stripe-mode');
  });

test('in stripe mode a subscription’s first invoice is paid with the card Element and the room hears of it', async () => {
  await donor.goto(`/${slug}/support`);
  const subscribe = donor.getByRole('form', { name: 'Subscribe' });
  await subscribe.getByRole('radio', { name: 'Basic' }).check();
  await typeCard(subscribe, '4242 4242 4242 4242');
  await subscribe.getByRole('button', { name: 'Subscribe' }).click();
  await expect(donor.getByRole('status').filter({ hasText: 'You subscribe to Stripe Mode at Basic.' })).toBeVisible();
  await expect(donor.getByTestId('my-subscription')).toContainText('at Basic. Renews on');
  await expect(watcher.getByRole('list', { name: 'Alerts' })).toContainText(`${donorName} subscribed at Basic`);
});
