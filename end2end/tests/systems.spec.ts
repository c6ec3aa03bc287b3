import { createServer, type Server } from 'node:http';
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { byId, confirmDialog, createAdmin, expectAccessible, open, readMail, signIn, signOut, signUp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';

/** What the loopback listener heard: the query of each request. */
type Heard = URLSearchParams[];

/**
 * The HelseID sample's loopback listener: http://localhost:<port>/callback
 * on 127.0.0.1 (and ::1 when the machine has it), answering a small page.
 */
async function loopbackListener(heard: Heard): Promise<{ port: number; close: () => void }> {
  const handler = (req: { url?: string }, res: { writeHead: Function; end: Function }) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/callback') heard.push(url.searchParams);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Done</title><p id="done">You can close this window.</p>');
  };
  const v4: Server = createServer(handler);
  await new Promise<void>((resolve) => v4.listen(0, '127.0.0.1', resolve));
  const port = (v4.address() as { port: number }).port;
  const v6: Server = createServer(handler);
  await new Promise<void>((resolve) => {
    v6.once('error', () => resolve());
    v6.listen(port, '::1', resolve);
  });
  return { port, close: () => { v4.close(); v6.close(); } };
}

/** An EC P-256 key pair: the public JWK for the draft, and a signer. */
function installationKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'install-1', use: 'sig' };
  const b64 = (value: object | Buffer) =>
    Buffer.from(value instanceof Buffer ? value : JSON.stringify(value)).toString('base64url');
  const assertion = (clientId: string, audience: string) => {
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: 'ES256', kid: 'install-1', typ: 'JWT' })}.${b64({
      iss: clientId, sub: clientId, aud: audience, iat: now, exp: now + 60, jti: randomUUID(),
    })}`;
    const signature = createSign('SHA256').update(input).sign({ key: privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${b64(signature)}`;
  };
  return { jwk, assertion };
}

async function newPage(browser: import('@playwright/test').Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test('HelseID sample: a draft from the API, confirmed by an end user, approved by an admin, then private_key_jwt tokens', async ({ browser, baseURL }) => {
  // An admin keeps a scope that needs approval.
  const admin = uniqueEmail('root');
  createAdmin(admin, PASSWORD);
  const adminPage = await newPage(browser);
  await signIn(adminPage, admin, PASSWORD);
  const scope = `journal${Date.now()}:write`;
  await byId(adminPage, 'NAV_ADMIN_SCOPES').click();
  await adminPage.waitForSelector('body[data-hydrated]');
  const scopeForm = byId(adminPage, 'SCOPE_FORM');
  await scopeForm.getByLabel('Name', { exact: true }).fill(scope);
  await scopeForm.getByLabel('Description for end users').fill('Write to your patient journal');
  await scopeForm.getByLabel('Needs admin approval').check();
  await scopeForm.getByRole('button', { name: 'Add scope' }).click();
  await expect(byId(adminPage, 'SCOPES_TABLE')).toContainText(scope);

  // The developer creates a client system and an API key for it.
  const devPage = await newPage(browser);
  await signUp(devPage, uniqueEmail('dev'), PASSWORD, 'Grace Hopper');
  await byId(devPage, 'NAV_SYSTEMS').click();
  await expect(byId(devPage, 'SYSTEMS_EMPTY')).toBeVisible();
  await devPage.waitForSelector('body[data-hydrated]');
  await byId(devPage, 'NEW_SYSTEM_LINK').click();
  await expect(byId(devPage, 'SYSTEM_FORM')).toBeVisible();
  await devPage.waitForSelector('body[data-hydrated]');
  // Nothing chosen: each problem on its field, nothing lost.
  await devPage.getByLabel('Name', { exact: true }).fill('Acme Journal');
  await devPage.getByRole('checkbox', { name: 'client_credentials' }).uncheck();
  await byId(devPage, 'SYSTEM_SUBMIT').click();
  await expect(byId(devPage, 'SYSTEM_FORM')).toContainText('Choose at least one grant type');
  await expect(byId(devPage, 'SYSTEM_FORM')).toContainText('Choose at least one scope');
  await expect(devPage.getByLabel('Name', { exact: true })).toHaveValue('Acme Journal');
  await expectAccessible(devPage);
  await devPage.getByRole('checkbox', { name: 'client_credentials' }).check();
  await devPage.getByRole('checkbox', { name: /^consents:read/ }).check();
  await devPage.getByRole('checkbox', { name: new RegExp(`^${scope}`) }).check();
  await byId(devPage, 'SYSTEM_SUBMIT').click();
  await expect(byId(devPage, 'SYSTEM_OVERVIEW')).toContainText('private_key_jwt');
  await expect(byId(devPage, 'SYSTEM_OVERVIEW')).toContainText(scope);
  await devPage.getByRole('link', { name: 'Automation' }).click();
  await devPage.waitForSelector('body[data-hydrated]');
  await byId(devPage, 'API_KEY_FORM').getByLabel('Description').fill('installer');
  await byId(devPage, 'API_KEY_SUBMIT').click();
  const apiKey = (await byId(devPage, 'API_KEY_VALUE').textContent())!.trim();
  expect(apiKey).toMatch(/^pak_/);
  // Copied: leaving the page (which asks while the key is shown) is fine.
  devPage.on('dialog', (dialog) => dialog.accept());
  await expect(byId(devPage, 'API_KEYS_TABLE')).toContainText('installer');
  await expect(byId(devPage, 'API_KEYS_TABLE')).not.toContainText(apiKey);
  await expectAccessible(devPage);

  // The installed program: a loopback listener, a key pair, a draft.
  const heard: Heard = [];
  const listener = await loopbackListener(heard);
  try {
    const key = installationKey();
    const created = await fetch(`${baseURL}/api/v1/client-drafts`, {
      method: 'POST',
      headers: { 'api-key': apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Clinic 42 journal', scopes: ['consents:read', scope],
        grant_types: ['client_credentials'], jwk: key.jwk,
      }),
    });
    expect(created.status).toBe(201);
    const draft = await created.json();
    const status = async () => (await fetch(`${baseURL}/api/v1/client-drafts/${draft.client_id}/status`, {
      headers: { 'api-key': apiKey },
    })).json();
    expect((await status()).client.reason).toBe('awaiting_confirmation');

    // The end user opens the link, signs in, sees who asks, and confirms.
    const userPage = await newPage(browser);
    const user = uniqueEmail('clinic');
    await signUp(userPage, user, PASSWORD, 'Dr. Clinic');
    await signOut(userPage);
    await userPage.goto(`${draft.confirm_url}?redirectPort=${listener.port}&redirectPath=/callback`);
    await expect(userPage).toHaveURL(/\/login\?next=/);
    await userPage.waitForSelector('body[data-hydrated]');
    await userPage.getByLabel('Email').fill(user);
    await userPage.getByLabel('Password').fill(PASSWORD);
    await byId(userPage, 'SIGN_IN_SUBMIT').click();
    await expect(byId(userPage, 'CONFIRM_DRAFT')).toContainText('Acme Journal');
    await expect(byId(userPage, 'CONFIRM_DRAFT')).toContainText('Grace Hopper');
    await expect(byId(userPage, 'CONFIRM_SCOPES')).toContainText('Write to your patient journal');
    await expect(byId(userPage, 'CONFIRM_SCOPES')).toContainText("needs an admin's approval");
    await userPage.waitForSelector('body[data-hydrated]');
    await expectAccessible(userPage);
    await byId(userPage, 'CONFIRM_ACCEPT').click();
    await userPage.waitForURL(new RegExp(`^http://localhost:${listener.port}/callback\\?`));
    await expect(userPage.locator('#done')).toBeVisible();
    expect(heard.length).toBe(1);
    expect(heard[0].get('client_id')).toBe(draft.client_id);
    expect(heard[0].get('status')).toBe('confirmed');
    expect((await status()).client.reason).toBe('awaiting_approval');

    // The admin is told by email that it waits.
    const digest = await readMail(admin, 'Clinic 42 journal');
    expect(digest).toContain('for your decision');
    expect(digest).toContain('/admin/approvals');

    // The admin approves it in the browser; the status turns active.
    await open(adminPage, '/admin/approvals');
    const queue = byId(adminPage, 'APPROVALS_QUEUE');
    await expect(queue).toContainText('Clinic 42 journal');
    await expect(queue).toContainText('Acme Journal');
    await expect(queue).toContainText(user);
    await adminPage.getByRole('button', { name: `Grant ${scope} to Clinic 42 journal` }).click();
    await expect(byId(adminPage, 'APPROVALS_EMPTY')).toBeVisible();
    const active = await status();
    expect(active.status).toBe('active');
    expect(active.scopes.every((s: { status: string }) => s.status === 'granted')).toBe(true);

    // The new client gets a token with private_key_jwt.
    const tokenEndpoint = `${baseURL}/oauth2/token`;
    const clientCredentials = () => fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: key.assertion(draft.client_id, tokenEndpoint),
      }),
    });
    const token = await clientCredentials();
    expect(token.status).toBe(200);
    const body = await token.json();
    expect(body.token_type.toLowerCase()).toBe('bearer');
    expect(body.scope.split(' ').sort()).toEqual(['consents:read', scope].sort());

    // The developer sees the client on the system, confirmed by the user.
    await open(devPage, devPage.url().replace(/\?.*$/, '') + '?tab=clients');
    await expect(byId(devPage, 'SYSTEM_CLIENTS')).toContainText('Clinic 42 journal');
    await expect(byId(devPage, 'SYSTEM_CLIENTS')).toContainText(user);

    // The end user finds it on their account page and takes the
    // confirmation back: the client is blocked and gets no more tokens.
    await open(userPage, '/account');
    const answered = byId(userPage, 'DRAFTS_TABLE');
    await expect(answered).toContainText('Clinic 42 journal');
    await expect(answered).toContainText('Acme Journal by Grace Hopper');
    await expect(answered).toContainText('active');
    await expectAccessible(userPage);
    await userPage.screenshot({ path: 'end2end/test-results/account-drafts.png', fullPage: true });
    await answered.getByRole('link', { name: 'Withdraw confirmation of Clinic 42 journal' }).click();
    await confirmDialog(userPage, 'Withdraw', 'stops getting tokens at once');
    await expect(answered).toContainText('Confirmation withdrawn by');
    await expect(answered.getByRole('button', { name: /^Withdraw/ })).toHaveCount(0);
    expect((await status()).status).toBe('blocked');
    expect((await clientCredentials()).status).toBe(401);
  } finally {
    listener.close();
  }
});

test('a confirmation link with a hostile return path shows an error and goes nowhere', async ({ browser, baseURL }) => {
  const devPage = await newPage(browser);
  await signUp(devPage, uniqueEmail('dev'), PASSWORD);
  await open(devPage, '/systems/new');
  await devPage.getByLabel('Name', { exact: true }).fill('Hostile test');
  await devPage.getByRole('checkbox', { name: /^consents:read/ }).check();
  await devPage.getByLabel('How its clients authenticate').selectOption('client_secret_basic');
  await byId(devPage, 'SYSTEM_SUBMIT').click();
  await expect(byId(devPage, 'SYSTEM_OVERVIEW')).toContainText('client_secret_basic');
  await open(devPage, devPage.url() + '?tab=automation');
  await byId(devPage, 'API_KEY_FORM').getByLabel('Description').fill('ci');
  await byId(devPage, 'API_KEY_SUBMIT').click();
  const apiKey = (await byId(devPage, 'API_KEY_VALUE').textContent())!.trim();
  devPage.on('dialog', (dialog) => dialog.accept());
  const created = await fetch(`${baseURL}/api/v1/client-drafts`, {
    method: 'POST',
    headers: { 'api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Batch', scopes: ['consents:read'], grant_types: ['client_credentials'] }),
  });
  const draft = await created.json();
  expect(draft.client_secret).toBeTruthy();

  // The developer confirms it themself, from a crafted link.
  for (const path of ['//evil.example', '/\\evil.example', '@evil.example']) {
    await open(devPage, `${draft.confirm_url}?redirectPort=8080&redirectPath=${encodeURIComponent(path)}`);
    await expect(byId(devPage, 'CONFIRM_ERROR')).toBeVisible();
    await expect(byId(devPage, 'CONFIRM_ACCEPT')).toHaveCount(0);
    expect(new URL(devPage.url()).host).toBe(new URL(baseURL!).host);
  }
  // Without a return address the answer is shown on the page.
  await open(devPage, draft.confirm_url);
  await byId(devPage, 'CONFIRM_DECLINE').click();
  await expect(byId(devPage, 'CONFIRM_RESULT')).toContainText('You declined this client');
});
