import { expect, test, type Page } from '@playwright/test';
import { byId, createAdmin, createClient, open, signIn, signUp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';

test.use({ viewport: { width: 390, height: 844 } });

/** Opens `path` and checks the page itself never scrolls sideways. */
async function fitsThePhone(page: Page, path: string) {
  await open(page, path);
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, `${path} is ${scroll} px wide on a ${client} px screen`).toBeLessThanOrEqual(client);
}

test('every page fits a 390 px wide phone, and the navigation folds into a menu', async ({ page }) => {
  for (const path of ['/', '/login', '/signup', '/forgot-password']) await fitsThePhone(page, path);

  await signUp(page, uniqueEmail('phone-dev'), PASSWORD, 'Grace Hopper');
  const clientId = await createClient(page, {
    suffix: 'phoneshop',
    'form[display_name]': 'A client with a long name for a small screen',
    'form[kind]': 'confidential',
    'form[grant_types][0]': 'authorization_code',
    'form[grant_types][1]': 'client_credentials',
    'form[scopes][0]': 'openid',
    'form[redirect_uris][0]': 'https://a-very-long-host-name.example.com/oauth/callback/with/a/long/path',
  });
  const secret = await page.request.post('/api/ui/create_secret', { form: { client_id: clientId, description: 'phone' } });
  expect(secret.ok()).toBeTruthy();

  // The menu: closed, opened by its button, closed again after a move.
  await open(page, '/');
  await expect(byId(page, 'NAV_CLIENTS')).toBeHidden();
  await byId(page, 'NAV_MENU').click();
  await expect(byId(page, 'NAV_MENU')).toHaveAttribute('aria-expanded', 'true');
  await byId(page, 'NAV_CLIENTS').click();
  await expect(byId(page, 'CLIENTS_TABLE')).toBeVisible();
  await expect(byId(page, 'NAV_MENU')).toHaveAttribute('aria-expanded', 'false');

  const client = `/clients/${clientId}`;
  for (const path of [
    '/', '/clients', '/clients/new', client, `${client}/settings`, `${client}/secrets`,
    `${client}/access`, `${client}/test`, `${client}/history`,
    '/systems', '/systems/new', '/orgs', '/orgs/new', '/account', '/account/security', '/api-docs',
  ]) {
    await fitsThePhone(page, path);
  }
  // Signing out sits in the menu too.
  await byId(page, 'NAV_MENU').click();
  await byId(page, 'NAV_SIGN_OUT').click();
  await expect(page).toHaveURL(/\/login$/);

  const admin = uniqueEmail('phone-root');
  createAdmin(admin, PASSWORD);
  await signIn(page, admin, PASSWORD);
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
  for (const path of [
    '/admin/accounts', '/admin/approvals', '/admin/clients', '/admin/organisations',
    '/admin/scopes', '/admin/audit', '/admin/email', '/admin/keys', '/admin/identity-providers', `/admin/clients/${clientId}`,
  ]) {
    await fitsThePhone(page, path);
  }
});
