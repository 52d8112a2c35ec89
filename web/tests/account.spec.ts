import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { password, screenshot, signUp, unique } from './support';

/** RFC 6238 code for a base32 secret at a 30-s step, as an authenticator app computes it. */
function totp(secret: string, step = Math.floor(Date.now() / 30_000)): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

test('sign-up problems are shown in words next to the fields they concern', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Username').fill('No!');
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByRole('alert')).toContainText('Please correct the fields marked below.');
  await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-username-error')).toContainText('3–25 characters');
  await expect(page.locator('#field-email-error')).toContainText('valid address');
  await expect(page.locator('#field-password-error')).toContainText('at least 10 characters');
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-describedby', /field-password-error/);
});

test('two-factor sign-in is set up with the QR page and then asked for at sign-in', async ({ page }) => {
  const username = unique('twofa');
  await signUp(page, username);
  await page.goto('/settings/security');
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await screenshot(page, 'two-factor');

  // A wrong code is refused in words; the right one turns two-factor on.
  await page.getByLabel('6-digit code').fill('000000' === totp(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByRole('alert')).toContainText('two-factor code is wrong');
  const step = Math.floor(Date.now() / 30_000);
  await page.getByLabel('6-digit code').fill(totp(secret, step));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByRole('status')).toContainText('Two-factor sign-in is on');

  await page.getByLabel(`Account menu for ${username}`).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

  await page.goto('/login?next=/following');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = page.getByLabel('Two-factor code');
  await expect(code).toBeFocused();
  // Each code works once: the next step's code (accepted within the allowed drift) signs in.
  await code.fill(totp(secret, step + 1));
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/following$/);
  await expect(page.getByLabel(`Account menu for ${username}`)).toBeVisible();
});
