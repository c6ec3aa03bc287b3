import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { byId, confirmDialog, createAdmin, expectAccessible, open, signIn, signOut, signUp, uniqueEmail, wasmRequests } from './support';

const PASSWORD = 'correct horse battery staple';

/** A grant-type or scope checkbox, by the code name its label starts with. */
const option = (page: Page, name: string) =>
  page.getByRole('checkbox', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `) });

async function openTab(page: Page, name: string) {
  await byId(page, 'CLIENT_TABS').getByRole('link', { name }).click();
  await expect(byId(page, 'CLIENT_TABS').getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  await page.waitForSelector('body[data-hydrated]');
}

/** The client form's public-key box shows only for private_key_jwt. */
async function publicKeyOnlyForPrivateKeyJwt(page: Page) {
  const publicKey = page.getByLabel('Public key for private_key_jwt');
  await expect(publicKey).toBeHidden();
  await page.getByLabel('Token endpoint authentication').selectOption('private_key_jwt');
  await expect(publicKey).toBeVisible();
  await page.getByLabel('Token endpoint authentication').selectOption('client_secret_basic');
  await expect(publicKey).toBeHidden();
}

test('a developer registers a client, manages secrets, edits it and reads its history', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const developer = uniqueEmail('dev');
  await signUp(page, developer, PASSWORD);
  const prefix = (await byId(page, 'DASHBOARD_PREFIX').textContent())!.trim();

  await byId(page, 'NAV_CLIENTS').click();
  await expect(byId(page, 'CLIENTS_EMPTY')).toBeVisible();
  await expectAccessible(page);
  await byId(page, 'NEW_CLIENT_LINK').click();
  await expect(byId(page, 'CLIENT_FORM')).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');

  // The client id is previewed and the suffix checked as you type.
  await page.getByLabel('Suffix').fill('Shop');
  await expect(page.getByText('use lower case')).toBeVisible();
  await page.getByLabel('Suffix').fill('shop');
  await expect(byId(page, 'CLIENT_ID_PREVIEW')).toHaveText(`${prefix}.shop`);

  await page.getByLabel('Name', { exact: true }).fill('Web shop');
  await option(page, 'authorization_code').check();
  await option(page, 'client_credentials').check();
  await option(page, 'openid').check();
  await option(page, 'consents:read').check();
  await page.getByLabel('Redirect URI 1', { exact: true }).fill('https://shop.example.com/callback');
  await page.getByRole('button', { name: 'Add redirect URI' }).click();
  const second = page.getByLabel('Redirect URI 2', { exact: true });
  await second.fill('http://shop.example.com/callback');
  // Straight from the bad URI to "Add": the error the blur shows does not
  // move the button from under the pointer, so one click adds a row.
  await page.getByRole('button', { name: 'Add redirect URI' }).click();
  await expect(page.getByLabel('Redirect URI 3', { exact: true })).toBeVisible();
  await expect(page.getByText('http is only allowed for loopback addresses')).toBeVisible();
  await expect(second).toHaveAttribute('aria-invalid', 'true');
  await publicKeyOnlyForPrivateKeyJwt(page);
  // What end users see: https only, checked as you leave the field.
  await page.getByLabel('Logo URL').fill('http://shop.example.com/logo.png');
  await page.getByLabel('Logo URL').blur();
  await expect(page.getByText('A logo URL must use https://')).toBeVisible();
  await page.getByLabel('Logo URL').fill('https://shop.example.com/logo.png');
  await page.getByLabel('Privacy policy').fill('https://shop.example.com/privacy');
  await expectAccessible(page);
  await byId(page, 'CLIENT_SUBMIT').click();
  // The server says the same, and nothing is saved.
  await expect(page).toHaveURL(/\/clients\/new$/);
  await expect(page.getByText('http://shop.example.com/callback: http is only allowed for loopback')).toBeVisible();

  await second.fill('http://127.0.0.1:8080/callback');
  await byId(page, 'CLIENT_SUBMIT').click();
  await expect(page).toHaveURL(new RegExp(`/clients/${prefix}\\.shop$`));
  await expect(byId(page, 'CLIENT_ID')).toHaveText(`${prefix}.shop`);
  await expect(byId(page, 'CLIENT_STATUS')).toHaveText('active');
  // Everything typed before the server's first answer was kept.
  await expect(page.getByText('Logo: https://shop.example.com/logo.png')).toBeVisible();
  await expect(page.getByText('Privacy policy: https://shop.example.com/privacy')).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await byId(page, 'COPY_BUTTON').first().click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${prefix}.shop`);
  // The endpoints a client's code calls, each with a copy button.
  await expect(byId(page, 'CLIENT_ENDPOINTS')).toContainText('/.well-known/openid-configuration');
  await page.getByRole('button', { name: 'Copy the token URL' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^https?:\/\/[^/]+\/oauth2\/token$/);
  await expectAccessible(page);
  const clientUrl = page.url();

  // It authenticates with a secret and has none yet: not ready.
  await expect(byId(page, 'CLIENT_NOT_READY')).toContainText('no live secret');
  await expect(byId(page, 'CLIENT_SECRETS_SUMMARY')).toHaveText('none live');
  // The secrets page is sent without the WebAssembly: plain forms, the
  // new value coming back to the page once.
  const wasm = wasmRequests(page);
  await page.getByRole('link', { name: 'Create its first secret' }).click();
  await expect(page).toHaveURL(/\/secrets$/);
  await expect(byId(page, 'CLIENT_TABS').getByRole('link', { name: 'Secrets' })).toHaveAttribute('aria-current', 'page');
  await page.waitForSelector('body[data-hydrated]');

  // A rejected form keeps what was typed, with the message under the field.
  // The date picker stops at the operator's maximum (24 months by default).
  const tooLong = 'x'.repeat(101);
  await page.getByLabel('Description').fill(tooLong);
  await page.getByLabel('Expires').selectOption('custom');
  const expiryDate = page.getByLabel('Expiry date');
  const latest = await expiryDate.getAttribute('max');
  expect(latest).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(Number(latest!.slice(0, 4))).toBe(new Date().getUTCFullYear() + 2);
  expect(await expiryDate.getAttribute('min')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await expiryDate.fill(latest!);
  await byId(page, 'SECRET_SUBMIT').click();
  await expect(byId(page, 'SECRET_FORM')).toContainText('Describe the secret in 1 to 100 characters');
  await expect(page.getByLabel('Description')).toHaveValue(tooLong);
  await expect(page.getByLabel('Expires')).toHaveValue('custom');
  await expect(expiryDate).toHaveValue(latest!);
  await expect(byId(page, 'SECRET_VALUE')).toHaveCount(0);

  // A secret revoked while its value is on the page takes the value with it.
  await page.getByLabel('Description').fill('mistake');
  await byId(page, 'SECRET_SUBMIT').click();
  await expect(byId(page, 'SECRET_VALUE')).toBeVisible();
  await byId(page, 'SECRETS_TABLE').getByRole('button', { name: 'Revoke secret mistake' }).click();
  await confirmDialog(page, 'Revoke secret', 'stop getting tokens at once');
  await expect(byId(page, 'SECRETS_TABLE').locator('tr', { hasText: 'mistake' })).toContainText('Revoked');
  await expect(byId(page, 'SECRET_VALUE')).toHaveCount(0);

  // Two secrets; the value shows once, then only its hint remains.
  await page.getByLabel('Expires').selectOption('6');
  await page.getByLabel('Description').fill('production');
  await byId(page, 'SECRET_SUBMIT').click();
  const first = (await byId(page, 'SECRET_VALUE').textContent())!.trim();
  expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await page.getByLabel('Description').fill('rotation');
  await page.getByLabel('Expires').selectOption('12');
  await byId(page, 'SECRET_SUBMIT').click();
  await expect(byId(page, 'SECRET_VALUE')).not.toHaveText(first);
  const rotation = (await byId(page, 'SECRET_VALUE').textContent())!.trim();
  await expect(byId(page, 'SECRETS_TABLE').locator('tbody tr')).toHaveCount(3);
  await expectAccessible(page);
  // Leaving while the value is shown asks first; staying keeps it.
  const asked: string[] = [];
  page.once('dialog', (dialog) => { asked.push(dialog.message()); return dialog.dismiss(); });
  await byId(page, 'CLIENT_TABS').getByRole('link', { name: 'Overview' }).click();
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('cannot be shown again');
  await expect(page).toHaveURL(/\/secrets$/);
  await expect(byId(page, 'SECRET_VALUE')).toHaveText(rotation);
  page.once('dialog', (dialog) => dialog.accept());
  await page.reload();
  await page.waitForSelector('body[data-hydrated]');
  await expect(byId(page, 'SECRET_VALUE')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(first);
  await expect(byId(page, 'SECRETS_TABLE')).toContainText(`${first.slice(0, 3)}…`);

  // Revoking asks first; cancelling changes nothing.
  const revokeProduction = byId(page, 'SECRETS_TABLE').getByRole('button', { name: 'Revoke secret production' });
  await revokeProduction.click();
  await expect(page.getByRole('alertdialog')).toContainText('Revoke secret “production”?');
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(byId(page, 'SECRETS_TABLE').locator('tr', { hasText: 'production' })).toContainText('Active');
  await revokeProduction.click();
  await confirmDialog(page, 'Revoke secret', 'Apps using the secret starting');
  await expect(byId(page, 'SECRETS_TABLE').locator('tr', { hasText: 'production' })).toContainText('Revoked');
  await expect(byId(page, 'SECRETS_TABLE').locator('tr', { hasText: 'rotation' })).toContainText('Active');
  await expect(byId(page, 'SECRETS_TABLE').locator('tr', { hasText: 'rotation' })).toContainText('expires in 12 months');
  expect(wasm).toEqual([]);

  // Ready now: the overview counts the live secret and when it expires.
  await openTab(page, 'Overview');
  await expect(byId(page, 'CLIENT_NOT_READY')).toHaveCount(0);
  await expect(byId(page, 'CLIENT_SECRETS_SUMMARY')).toContainText(/1 live; the next .*expires in 12 months/);

  // Edit the client: the settings are sent without the WebAssembly too;
  // the page's script adds and removes rows of addresses, and the style
  // alone shows the public-key box for private_key_jwt.
  const settingsWasm = wasmRequests(page);
  await openTab(page, 'Settings');
  await publicKeyOnlyForPrivateKeyJwt(page);
  await page.getByRole('button', { name: 'Add redirect URI' }).click();
  await page.getByRole('button', { name: 'Add redirect URI' }).click();
  const uris = page.getByRole('textbox', { name: /^Redirect URI \d+$/ });
  const count = await uris.count();
  await uris.nth(count - 2).fill('https://eu.shop.example.com/callback');
  await page.getByRole('button', { name: `Remove Redirect URI ${count}` }).click();
  await expect(uris).toHaveCount(count - 1);
  await page.getByLabel('Name', { exact: true }).fill('Web shop (EU)');
  await expect(page.getByLabel('ID token signature')).toHaveValue('RS256');
  await page.getByLabel('ID token signature').selectOption('ES256');
  await byId(page, 'CLIENT_SUBMIT').click();
  await expect(byId(page, 'FORM_SUCCESS')).toHaveText('Settings saved.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Web shop (EU)');
  await expect(page.locator('input[value="https://eu.shop.example.com/callback"]')).toHaveCount(1);
  await expect(uris).toHaveCount(count - 1);
  expect(settingsWasm).toEqual([]);
  await openTab(page, 'Overview');
  const idTokenAlg = page.locator('dt', { hasText: 'ID token signature' }).locator('xpath=following-sibling::dd[1]');
  await expect(idTokenAlg).toHaveText('ES256');

  await openTab(page, 'Access');
  await expect(byId(page, 'ACCESS_TABLE')).toContainText('consents:read');
  await expect(byId(page, 'ACCESS_TABLE')).toContainText('granted');

  // The Test tab runs the ETT check: the revoked secret fails with an
  // explanation, the live one gets a token and an empty consents list.
  await openTab(page, 'Test');
  await page.getByLabel('Client secret').fill(first);
  await byId(page, 'TEST_RUN_SUBMIT').click();
  const result = byId(page, 'TEST_RUN_RESULT');
  await expect(result.getByRole('status')).toHaveText(/Test failed/);
  await expect(result).toContainText('HTTP 401');
  await expect(result).toContainText('Secrets tab');
  await page.getByLabel('Client secret').fill(rotation);
  await byId(page, 'TEST_RUN_SUBMIT').click();
  await expect(result.getByRole('status')).toHaveText(/Test passed/);
  const steps = byId(page, 'TEST_RUN_STEP');
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(1)).toContainText('"client_id"');
  await expect(steps.nth(2)).toContainText('HTTP 200');
  await expect(steps.nth(2).locator('pre')).toHaveText('[]');
  await expect(page.locator('body')).not.toContainText(rotation);
  await expectAccessible(page);
  await expect(byId(page, 'TEST_CURL')).toContainText(`${prefix}.shop`);
  await expect(byId(page, 'TEST_CURL')).toContainText('/api/v1/consents');
  const download = page.waitForEvent('download');
  await byId(page, 'TEST_HTTP_DOWNLOAD').click();
  expect((await download).suggestedFilename()).toBe('portico-client-test.http');
  await expectAccessible(page);

  await openTab(page, 'History');
  const history = byId(page, 'HISTORY_TABLE');
  for (const action of ['client.created', 'secret.created', 'secret.revoked', 'client.updated']) {
    await expect(history).toContainText(action);
  }
  await expect(history).not.toContainText(first);
  await expectAccessible(page);

  // Another developer gets "not found" for this client.
  await signOut(page);
  await signUp(page, uniqueEmail('other'), PASSWORD, 'Other Dev');
  const response = await page.goto(clientUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('alert')).toContainText('Not found');
});

test('admins keep the scope catalog and read the audit log', async ({ page }) => {
  const admin = uniqueEmail('root');
  createAdmin(admin, PASSWORD);
  await signIn(page, admin, PASSWORD);
  await byId(page, 'NAV_ADMIN_SCOPES').click();
  await expect(byId(page, 'SCOPES_TABLE')).toContainText('consents:read');
  await page.waitForSelector('body[data-hydrated]');
  const scope = `wallet${Date.now()}:create`;
  const form = byId(page, 'SCOPE_FORM');
  await form.getByLabel('Name').fill(scope);
  await form.getByLabel('Description for end users').fill('Create wallets for you');
  await form.getByLabel('Needs admin approval').check();
  await form.getByRole('button', { name: 'Add scope' }).click();
  await expect(byId(page, 'SCOPES_TABLE')).toContainText(scope);
  await expectAccessible(page);
  await page.goto('/');
  await expect(byId(page, 'PENDING_CLIENTS')).toBeVisible();
  await expectAccessible(page);

  await byId(page, 'NAV_ADMIN_AUDIT').click();
  await expect(byId(page, 'AUDIT_TABLE')).toContainText('scope.created');
  await page.getByLabel('Actor email').fill(admin);
  await byId(page, 'AUDIT_FILTER').getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/actor=/);
  // The admin's own: the scope, and their personal organisation.
  await expect(byId(page, 'AUDIT_TABLE').locator('tbody tr')).toHaveCount(2);
  await expect(byId(page, 'AUDIT_TABLE')).toContainText('org.created');
  await expectAccessible(page);

  // The same rows as a CSV file.
  await page.waitForSelector('body[data-hydrated]');
  const download = page.waitForEvent('download');
  await byId(page, 'AUDIT_CSV').click();
  const csv = readFileSync(await (await download).path(), 'utf8').trim().split('\r\n');
  expect(csv[0]).toBe('id,time,actor,action,client_id,before,after');
  expect(csv).toHaveLength(3);
  expect(csv.join('\n')).toContain('scope.created');
});

test('a long client list pages forward and back, and finds a client by part of its id', async ({ page }) => {
  await signUp(page, uniqueEmail('many'), PASSWORD);
  for (let i = 0; i < 55; i++) {
    const created = await page.request.post('/api/ui/create_client', {
      form: {
        suffix: `svc${String(i).padStart(3, '0')}`,
        'form[display_name]': `Service ${i}`,
        'form[kind]': 'confidential',
        'form[grant_types][0]': 'client_credentials',
        'form[scopes][0]': 'consents:read',
      },
    });
    expect(created.ok()).toBeTruthy();
  }
  const rows = byId(page, 'CLIENTS_TABLE').locator('tbody tr');
  await open(page, '/clients');
  await expect(rows).toHaveCount(50);
  // Newest first: the last one made leads.
  await expect(rows.first()).toContainText('Service 54');
  await expectAccessible(page);

  await byId(page, 'CLIENTS_NEXT').click();
  await expect(page).toHaveURL(/\/clients\?after=/);
  await expect(rows).toHaveCount(5);
  await expect(rows.last()).toContainText('Service 0');
  await expect(byId(page, 'CLIENTS_NEXT')).toHaveCount(0);
  await expectAccessible(page);

  await page.goBack();
  await expect(page).toHaveURL(/\/clients$/);
  await expect(rows).toHaveCount(50);
  await page.goForward();
  await expect(rows).toHaveCount(5);

  await page.getByLabel('Client id or name contains').fill('SVC05');
  await byId(page, 'CLIENTS_SEARCH').getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/clients\?q=SVC05$/);
  await expect(rows).toHaveCount(5);
  await expect(page.getByLabel('Client id or name contains')).toHaveValue('SVC05');
  await page.reload();
  await expect(rows).toHaveCount(5);

  // Sorted by name with the search kept; a new search keeps the order.
  await byId(page, 'CLIENTS_SORT').getByRole('link', { name: /Name/ }).click();
  await expect(page).toHaveURL(/\/clients\?q=SVC05&sort=name$/);
  await expect(rows.first()).toContainText('Service 5');
  await expect(rows.last()).toContainText('Service 54');
  await page.getByLabel('Client id or name contains').fill('svc00');
  await byId(page, 'CLIENTS_SEARCH').getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/\/clients\?q=svc00&sort=name$/);
  await expect(rows).toHaveCount(10);
  await expect(rows.first()).toContainText('Service 0');
  await expect(rows.nth(1)).toContainText('Service 1');
  await expectAccessible(page);
});

test('a new client starts from a preset that fills in its kind, grants and scopes', async ({ page }) => {
  await signUp(page, uniqueEmail('dev'), PASSWORD);
  await open(page, '/clients/new');
  const presets = byId(page, 'CLIENT_PRESETS');
  await expect(presets.getByRole('link')).toHaveCount(4);

  await presets.getByRole('link', { name: /^Single-page app/ }).click();
  await expect(page).toHaveURL(/\/clients\/new\?preset=spa$/);
  await expect(presets.getByRole('link', { name: /^Single-page app/ })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('radio', { name: /^Public/ })).toBeChecked();
  await expect(option(page, 'authorization_code')).toBeChecked();
  await expect(option(page, 'client_credentials')).not.toBeChecked();
  await expect(option(page, 'openid')).toBeChecked();
  // No secret, so no authentication method to choose.
  await expect(page.getByLabel('Token endpoint authentication')).toBeHidden();
  await expectAccessible(page);

  await presets.getByRole('link', { name: /^Machine to machine/ }).click();
  await expect(page.getByRole('radio', { name: /^Confidential/ })).toBeChecked();
  await expect(option(page, 'client_credentials')).toBeChecked();
  await expect(option(page, 'authorization_code')).not.toBeChecked();
  await expect(page.getByLabel('Token endpoint authentication')).toHaveValue('client_secret_basic');
  await page.getByLabel('Suffix').fill('batch');
  await page.getByLabel('Name', { exact: true }).fill('Batch');
  await option(page, 'consents:read').check();
  await byId(page, 'CLIENT_SUBMIT').click();
  await expect(page).toHaveURL(/\/clients\/[0-9a-f]{64}\.batch$/);
  await expect(byId(page, 'CLIENT_STATUS')).toHaveText('active');
});
