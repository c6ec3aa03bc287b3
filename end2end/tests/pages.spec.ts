import { expect, test } from '@playwright/test';
import { byId, createAdmin, expectAccessible, open, signIn, signUp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';

test('public pages are accessible', async ({ page }) => {
  for (const path of ['/', '/login', '/signup']) {
    await open(page, path);
    await expectAccessible(page);
  }
  await expect(byId(page, 'NAV_SIGN_IN')).toBeVisible();
});

test('an unknown address shows the 404 page', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await page.waitForSelector('body[data-hydrated]');
  await expect(byId(page, 'NOT_FOUND')).toContainText('Page not found');
  await expectAccessible(page);
});

test('an admin grants roles on the accounts page', async ({ page }) => {
  const user = uniqueEmail('user');
  const name = `Linus ${Date.now()}`;
  await signUp(page, user, PASSWORD, name);
  await byId(page, 'NAV_SIGN_OUT').click();

  const admin = uniqueEmail('root');
  createAdmin(admin, PASSWORD);
  await signIn(page, admin, PASSWORD);
  await expect(byId(page, 'NAV_ADMIN_ACCOUNTS')).toBeVisible();
  await byId(page, 'NAV_ADMIN_ACCOUNTS').click();
  const table = byId(page, 'ACCOUNTS_TABLE');
  await expect(table).toContainText(user);
  await expectAccessible(page);

  const grant = table.getByRole('button', { name: `Grant admin role to ${name}` });
  await grant.click();
  await expect(table.getByRole('button', { name: `Remove admin role from ${name}` })).toBeVisible();
  // Every admin is a developer.
  await expect(table.getByRole('button', { name: `Remove developer role from ${name}` })).toBeVisible();
});

test('a developer cannot open the admin pages', async ({ page }) => {
  await signUp(page, uniqueEmail('dev'), PASSWORD);
  await expect(byId(page, 'NAV_ADMIN_ACCOUNTS')).toHaveCount(0);
  const response = await page.goto('/admin/accounts');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toContainText('You do not have access');
});
