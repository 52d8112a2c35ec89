import { expect, test } from '@playwright/test';
import { mailedLink, password, screenshot, signUp, unique } from './support';

test('the verification mail\'s link confirms the address once, and settings show it', async ({ page, request }) => {
  const username = unique('verify');
  await signUp(page, username);
  await page.goto('/settings/email');
  await expect(page.getByTestId('email-status')).toContainText('not confirmed yet');

  const link = await mailedLink(request, `${username}@example.com`, '/verify-email');
  await page.goto(link);
  await expect(page.getByRole('status')).toContainText(`${username}@example.com is confirmed`);
  // The spent token leaves the address bar, so a reload cannot be mistaken for a failed link.
  await expect(page).toHaveURL(/\/verify-email$/);
  await screenshot(page, 'email-verified');

  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('already used');
  await page.goto('/settings/email');
  await expect(page.getByTestId('email-status')).toContainText('confirmed');
  await expect(page.getByTestId('email-status')).not.toContainText('not confirmed');
});

test('a forgotten password is reset from the mailed link, and the old one stops working', async ({ page, request }) => {
  const username = unique('reset');
  await signUp(page, username);
  await page.getByLabel(`Account menu for ${username}`).click();
  await page.getByRole('button', { name: 'Sign out' }).click();

  const asked = new Date(Date.now() - 1000);
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('Username or email').fill(username);
  await page.getByRole('button', { name: 'Send a reset link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account has that username or email');

  const link = await mailedLink(request, `${username}@example.com`, '/reset-password', asked);
  await page.goto(link);
  await expect(page).toHaveURL(/\/reset-password$/);
  const fresh = 'a brand new passphrase 42';
  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('Repeat the new password').fill('something else entirely');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#field-repeat-error')).toContainText('same password');

  // The API's password policy is shown at its field.
  await page.getByLabel('New password', { exact: true }).fill('short');
  await page.getByLabel('Repeat the new password').fill('short');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.locator('#field-newPassword-error')).toContainText('at least 10 characters');

  await page.getByLabel('New password', { exact: true }).fill(fresh);
  await page.getByLabel('Repeat the new password').fill(fresh);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is changed');
  await screenshot(page, 'password-reset');

  await page.goto('/login');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('Password').fill(fresh);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel(`Account menu for ${username}`)).toBeVisible();

  // The link worked once.
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill('yet another passphrase 7');
  await page.getByLabel('Repeat the new password').fill('yet another passphrase 7');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toContainText('already used');
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
});
