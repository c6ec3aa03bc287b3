import { expect, test } from '@playwright/test';
import { byId, confirmDialog, createAdmin, createClient, expectAccessible, open, signIn, signOut, signUp, uniqueEmail, wasmRequests } from './support';

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

test('an admin grants roles and disables an account on the accounts page', async ({ page, browser }) => {
  const user = uniqueEmail('user');
  const name = `Linus ${Date.now()}`;
  await signUp(page, user, PASSWORD, name, { developer: false });
  await signOut(page);

  const admin = uniqueEmail('root');
  createAdmin(admin, PASSWORD);
  await signIn(page, admin, PASSWORD);
  await expect(byId(page, 'NAV_ADMIN_ACCOUNTS')).toBeVisible();
  await byId(page, 'NAV_ADMIN_ACCOUNTS').click();
  await expect(byId(page, 'ACCOUNTS_TABLE')).toBeVisible();
  // The list is paged; the search finds the one account (and the address
  // keeps the search, so a reload shows the same page).
  await page.getByLabel('Email or name contains').fill(name);
  await byId(page, 'ACCOUNTS_SEARCH').getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/admin\/accounts\?q=Linus/);
  const table = byId(page, 'ACCOUNTS_TABLE');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table).toContainText(user);
  await page.waitForSelector('body[data-hydrated]');
  await expectAccessible(page);

  // They signed up a moment ago: the list says when they last signed in.
  await expect(table.locator('tbody tr')).not.toContainText('never');
  // The dialog lives in the address: Escape leaves it and changes nothing.
  const grant = table.getByRole('link', { name: `Grant admin role to ${name}` });
  await grant.click();
  await expect(page).toHaveURL(/[?&]confirm=grant-admin\./);
  await expect(page.getByRole('alertdialog')).toContainText('Grant the admin role to');
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page).not.toHaveURL(/confirm=/);
  await expect(table.getByRole('link', { name: `Grant admin role to ${name}` })).toBeVisible();
  await grant.click();
  await confirmDialog(page, 'Grant admin role', 'manage every account');
  await expect(page).not.toHaveURL(/confirm=/);
  await expect(table.getByRole('link', { name: `Remove admin role from ${name}` })).toBeVisible();
  // Every admin is a developer.
  await expect(table.getByRole('link', { name: `Remove developer role from ${name}` })).toBeVisible();

  // Disabled, they cannot sign in; enabled, they can again.
  await table.getByRole('link', { name: `Disable ${name}` }).click();
  await confirmDialog(page, 'Disable account', 'signed out everywhere');
  await expect(table.locator('tbody tr')).toContainText('Disabled');
  await expectAccessible(page);
  const other = await (await browser.newContext()).newPage();
  await other.goto('/login');
  await other.getByLabel('Email').fill(user);
  await other.getByLabel('Password').fill(PASSWORD);
  await byId(other, 'SIGN_IN_SUBMIT').click();
  await expect(other.getByText('This account is disabled.')).toBeVisible();
  await table.getByRole('button', { name: `Enable ${name}` }).click();
  await expect(table.locator('tbody tr')).toContainText('Allowed');
  await other.getByLabel('Password').fill(PASSWORD);
  await byId(other, 'SIGN_IN_SUBMIT').click();
  await expect(byId(other, 'DASHBOARD')).toBeVisible();
  // Signed out everywhere by the admin, they must sign in again.
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  await table.getByRole('link', { name: `Sign out ${name} everywhere` }).click();
  await confirmDialog(page, 'Sign out everywhere', 'must sign in again');
  await expect(table.getByRole('link', { name: `Sign out ${name} everywhere` })).toHaveCount(0);
  await other.goto('/account');
  await expect(other).toHaveURL(/\/login/);
  await other.close();

  // Without JavaScript the same link opens the same dialog, as a page,
  // and the form it holds does the change.
  const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await plain.goto('/login');
  await plain.getByLabel('Email').fill(admin);
  await plain.getByLabel('Password').fill(PASSWORD);
  await byId(plain, 'SIGN_IN_SUBMIT').click();
  await expect(byId(plain, 'DASHBOARD')).toBeVisible();
  await plain.goto(`/admin/accounts?q=${encodeURIComponent(name)}`);
  const plainTable = byId(plain, 'ACCOUNTS_TABLE');
  await plainTable.getByRole('link', { name: `Disable ${name}` }).click();
  await expect(plain).toHaveURL(/[?&]confirm=disable\./);
  await confirmDialog(plain, 'Disable account', 'signed out everywhere');
  await expect(plainTable.locator('tbody tr')).toContainText('Disabled');
  await plain.close();
});

test('the API reference renders the doc comments\' Markdown', async ({ page }) => {
  await signUp(page, uniqueEmail('docs'), PASSWORD);
  await open(page, '/api-docs');
  // "add `redirectPort` and `redirectPath`" in a field's doc comment.
  await expect(byId(page, 'API_DOCS').locator('code', { hasText: /^redirectPort$/ }).first()).toBeVisible();
  expect(await byId(page, 'API_DOCS').innerText()).not.toContain('`');
  await expectAccessible(page);
});

test('a developer cannot open the admin pages', async ({ page }) => {
  await signUp(page, uniqueEmail('dev'), PASSWORD);
  await expect(byId(page, 'NAV_ADMIN_ACCOUNTS')).toHaveCount(0);
  const response = await page.goto('/admin/accounts');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('alert')).toContainText('You do not have access');
});

test('the compiled site is named by content, cached for a year and sent compressed', async ({ page }) => {
  // The page the app draws, with the WASM (a client's test; the sign-in
  // page and the rest of the portal go without it).
  await signUp(page, uniqueEmail('assets'), PASSWORD);
  const clientId = await createClient(page, {
    suffix: 'assets',
    'form[display_name]': 'Assets',
    'form[kind]': 'confidential',
    'form[grant_types][0]': 'client_credentials',
  });
  const request = page.request;
  const html = await (await request.get(`/clients/${clientId}/test`)).text();
  const wasm = /\/pkg\/portico\.[A-Za-z0-9_-]+\.wasm/.exec(html)?.[0];
  const css = /\/pkg\/portico\.[A-Za-z0-9_-]+\.css/.exec(html)?.[0];
  expect(wasm, 'a hashed WASM name').toBeTruthy();
  expect(css, 'a hashed stylesheet name').toBeTruthy();
  for (const [path, encoding] of [[wasm!, 'br'], [css!, 'gzip']] as const) {
    const res = await request.get(path, { headers: { 'accept-encoding': encoding } });
    expect(res.status()).toBe(200);
    expect(res.headers()['content-encoding']).toBe(encoding);
    expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    // Files, not documents: `nosniff`, none of the documents' policies.
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect(res.headers()['content-security-policy']).toBeUndefined();
  }
  const login = await request.get('/login', { headers: { 'accept-encoding': 'br' } });
  expect(login.headers()['content-encoding']).toBe('br');
});

test('the pages that only show things come without the WebAssembly, and work', async ({ page }) => {
  await signUp(page, uniqueEmail('reader'), PASSWORD);
  const clientId = await createClient(page, {
    suffix: 'reader',
    'form[display_name]': 'Read only',
    'form[kind]': 'confidential',
    'form[grant_types][0]': 'client_credentials',
  });
  const wasm = wasmRequests(page);

  await open(page, '/orgs');
  const org = byId(page, 'ORGS_LIST').getByRole('link').first();
  const orgPath = new URL((await org.getAttribute('href'))!, page.url()).pathname;
  await org.click();
  await expect(byId(page, 'ORG_TABS')).toBeVisible();
  // The history is drawn on the server: rows without the bundle.
  await open(page, `${orgPath}/history`);
  await expect(byId(page, 'ORG_HISTORY')).toContainText('client.created');
  await expectAccessible(page);
  await open(page, `/clients/${clientId}/history`);
  await expect(byId(page, 'HISTORY_TABLE')).toContainText('client.created');
  await open(page, `/clients/${clientId}/access`);
  await expect(byId(page, 'CLIENT_TABS').getByRole('link', { name: 'Access' })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(page);
  await open(page, '/systems');
  await expect(byId(page, 'SYSTEMS_TABLE').or(page.getByText('No client systems'))).toBeVisible();
  await open(page, '/api-docs');
  await expect(byId(page, 'API_DOCS')).toBeVisible();
  expect(wasm).toEqual([]);

  // On a phone the menu opens without the bundle too.
  await page.setViewportSize({ width: 390, height: 800 });
  await open(page, '/orgs');
  await expect(byId(page, 'NAV_CLIENTS')).toBeHidden();
  await byId(page, 'NAV_MENU').click();
  await expect(byId(page, 'NAV_MENU')).toHaveAttribute('aria-expanded', 'true');
  // The client list too; the page the app draws (a client's test) brings
  // the portal's bundle, and works.
  await byId(page, 'NAV_CLIENTS').click();
  await expect(byId(page, 'CLIENTS_TABLE')).toContainText('Read only');
  expect(wasm).toEqual([]);
  await open(page, `/clients/${clientId}/test`);
  await page.waitForSelector('body[data-hydrated]');
  expect(wasm.length).toBeGreaterThan(0);
  await expect(byId(page, 'TEST_RUN_SUBMIT')).toBeEnabled();
});

test('pages whose forms work as plain forms come without the WebAssembly, and their forms work', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUp(page, uniqueEmail('plain'), PASSWORD);
  const clientId = await createClient(page, {
    suffix: 'plain',
    'form[display_name]': 'Plain forms',
    'form[kind]': 'confidential',
    'form[grant_types][0]': 'client_credentials',
  });
  const wasm = wasmRequests(page);

  // One's account: the form posts, the page comes back with its note,
  // and the note leaves the address (a reload does not say it again).
  await open(page, '/account');
  await page.getByLabel('Your name').fill('Ada Plain');
  await byId(page, 'PROFILE_SUBMIT').click();
  await expect(byId(page, 'FORM_SUCCESS')).toHaveText('Your name was saved.');
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByLabel('Your name')).toHaveValue('Ada Plain');
  await expectAccessible(page);
  // A name the server refuses comes back under the field, as typed.
  await page.getByLabel('Your name').fill('   ');
  await byId(page, 'PROFILE_SUBMIT').click();
  await expect(page.getByText('Enter a name.')).toBeVisible();
  await expect(page.getByLabel('Your name')).toHaveValue('   ');
  await expect(byId(page, 'FORM_SUCCESS')).toHaveCount(0);
  await expect(page).toHaveURL(/\/account$/);

  // A client's overview: its copy buttons copy.
  await open(page, `/clients/${clientId}`);
  await byId(page, 'COPY_BUTTON').first().click();
  await expect(byId(page, 'COPY_BUTTON').first()).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(clientId);
  expect(wasm).toEqual([]);

  // An admin suspends the client from its page: the dialog is modal and
  // lives in the address, Escape leaves it, the form does it.
  await signOut(page);
  const admin = uniqueEmail('root');
  createAdmin(admin, PASSWORD);
  await signIn(page, admin, PASSWORD);
  await expect(byId(page, 'NAV_ADMIN_ACCOUNTS')).toBeVisible();
  wasm.length = 0;
  await open(page, `/admin/clients/${clientId}`);
  const suspend = page.getByRole('link', { name: 'Suspend Plain forms' });
  await suspend.click();
  await expect(page).toHaveURL(/[?&]confirm=suspend\./);
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Suspend Plain forms?');
  expect(await dialog.evaluate((d) => d.matches(':modal'))).toBe(true);
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page).not.toHaveURL(/confirm=/);
  await suspend.click();
  await dialog.getByLabel('Reason').fill('Leaked secret');
  await confirmDialog(page, 'Suspend', 'no tokens from now on');
  await expect(byId(page, 'ADMIN_CLIENT_STATUS')).toContainText('suspended by an admin');
  await expect(page.getByText('Reason given: Leaked secret')).toBeVisible();
  await expect(page).not.toHaveURL(/confirm=|done=/);
  for (const path of ['/admin/clients', '/admin/approvals', '/admin/scopes']) {
    await open(page, path);
    await expectAccessible(page);
  }
  expect(wasm).toEqual([]);
});
