// Page weight: drives Debian's Chromium with network throttling and prints,
// for each page, the bytes on the wire and the time until it is usable
// (`body[data-hydrated]`: the WASM has taken over a portal page, or the small
// script of an end user's page has run), on a first visit (empty cache) and
// a repeat visit. Run by weight.sh against a running Portico; not a test.
import { generateKeyPairSync } from 'node:crypto';
import { chromium } from 'playwright';

const base = process.env.BASE ?? 'http://127.0.0.1:3191';
const profiles = {
  'fast 4G': { latency: 40, downloadThroughput: (9 * 1024 * 1024) / 8, uploadThroughput: (9 * 1024 * 1024) / 8 },
  'slow 3G': { latency: 150, downloadThroughput: (1.6 * 1000 * 1000) / 8, uploadThroughput: (750 * 1000) / 8 },
};
const PASSWORD = 'correct horse battery staple';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** A browser context with a signed-in developer (for portal pages). */
async function signedIn() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/signup`);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Email').fill(`weight-${Date.now()}@example.com`);
  await page.getByLabel('Your name').fill('Page Weight');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat password').fill(PASSWORD);
  await page.getByTestId('sign-up-submit').click();
  await page.getByTestId('dashboard').waitFor();
  const became = await context.request.post(`${base}/api/ui/become_developer`, { form: { accept_terms: 'on' } });
  if (!became.ok()) throw new Error(`become_developer: HTTP ${became.status()}`);
  await page.close();
  return context;
}

/** A browser context with the admin weight.sh created (for admins' pages). */
async function signedInAdmin() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('weight-admin@example.com');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('dashboard').waitFor();
  await page.close();
  return context;
}

/** A developer's web client; the authorization request that shows its consent page. */
async function consentPath(context) {
  const created = await context.request.post(`${base}/api/ui/create_client`, {
    form: {
      suffix: `web${Date.now()}`,
      'form[display_name]': 'Web shop',
      'form[kind]': 'public',
      'form[grant_types][0]': 'authorization_code',
      'form[scopes][0]': 'openid',
      'form[scopes][1]': 'profile',
      'form[redirect_uris][0]': 'http://127.0.0.1/callback',
    },
  });
  const clientId = (await created.json()).client_id;
  return '/oauth2/authorize?' + new URLSearchParams({
    client_id: clientId, redirect_uri: 'http://127.0.0.1:9/callback', response_type: 'code',
    scope: 'openid profile', state: 'xyz', code_challenge_method: 'S256',
    code_challenge: 'lEboMpPqePB89iwOkOAietLcQh8ureLWcpGSRsGlsKM',
  });
}

/** A client system's draft, waiting for the signed-in person to confirm it. */
async function confirmPath(context) {
  const system = await context.request.post(`${base}/api/ui/create_system`, {
    form: {
      'form[name]': 'Acme Journal', 'form[auth_method]': 'private_key_jwt',
      'form[grant_types][0]': 'client_credentials', 'form[scopes][0]': 'consents:read',
    },
  });
  const systemId = (await system.json()).system_id;
  const key = await context.request.post(`${base}/api/ui/create_api_key`, {
    form: { system_id: systemId, description: 'installer' },
  });
  const apiKey = (await key.json()).value;
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const draft = await fetch(`${base}/api/v1/client-drafts`, {
    method: 'POST',
    headers: { 'api-key': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'Clinic 42 journal', scopes: ['consents:read'], grant_types: ['client_credentials'],
      jwk: { ...publicKey.export({ format: 'jwk' }), kid: 'install-1', use: 'sig' },
    }),
  });
  return new URL((await draft.json()).confirm_url).pathname;
}

/** A client's own page. */
async function clientPath(context) {
  const created = await context.request.post(`${base}/api/ui/create_client`, {
    form: {
      suffix: `svc${Date.now()}`,
      'form[display_name]': 'Billing backend',
      'form[kind]': 'confidential',
      'form[grant_types][0]': 'client_credentials',
      'form[scopes][0]': 'consents:read',
    },
  });
  return `/clients/${(await created.json()).client_id}`;
}

/** A new organisation of the signed-in developer: its address. */
async function orgPath(context) {
  const created = await context.request.post(`${base}/api/ui/create_org`, {
    form: { 'form[name]': `Team ${Date.now()}`, 'form[description]': '', 'form[org_number]': '' },
  });
  return `/orgs/${(await created.json()).org_id}`;
}

async function visit(context, path, profile, emptyCache) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (emptyCache) await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...profiles[profile] });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  const started = Date.now();
  await page.goto(base + path, { waitUntil: 'commit' });
  await page.waitForSelector('body[data-hydrated]', { timeout: 120_000 });
  const usable = Date.now() - started;
  await page.waitForLoadState('networkidle');
  await page.close();
  return { bytes, usable };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const pages = [
  ['/login', null],
  ['/signup', null],
  ['/forgot-password', null],
  // The second step of a sign-in looks the same with or without its
  // challenge cookie (the code is checked on submit).
  ['/login/code', null],
  ['/consent', consentPath],
  ['/confirm-client/…', confirmPath],
  // The page the app draws (its lazily loaded group, `app/src/routes.rs`).
  ['/clients/…/test', async (context) => `${await clientPath(context)}/test`],
  // Pages sent without the bundle (`app/src/components/light_page.rs`):
  // those whose forms work as plain ones,
  ['/clients/new', 'signed in'],
  ['/account/security', 'signed in'],
  ['/clients/…', clientPath],
  ['/clients/…/secrets', async (context) => `${await clientPath(context)}/secrets`],
  ['/clients/…/settings', async (context) => `${await clientPath(context)}/settings`],
  ['/orgs/…/members', async (context) => `${await orgPath(context)}/members`],
  ['/account', 'signed in'],
  ['/orgs/new', 'signed in'],
  ['/admin/approvals', 'admin'],
  ['/admin/accounts', 'admin'],
  ['/admin/identity-providers', 'admin'],
  // and those that only show things.
  ['/', 'signed in'],
  ['/clients', 'signed in'],
  ['/clients/…/history', async (context) => `${await clientPath(context)}/history`],
  ['/orgs', 'signed in'],
  ['/systems', 'signed in'],
  ['/api-docs', 'signed in'],
  ['/admin/audit', 'admin'],
];
console.log('| page | profile | first visit: wire | usable | repeat visit: wire | usable |');
console.log('|---|---|---|---|---|---|');
for (const profile of Object.keys(profiles)) {
  for (const [name, who] of pages.filter(([n]) => !process.env.ONLY || n === process.env.ONLY)) {
    const context = who === 'admin' ? await signedInAdmin() : who ? await signedIn() : await browser.newContext();
    // Pages inside a flow are reached through the address that starts it.
    const path = typeof who === 'function' ? await who(context) : name;
    const first = await visit(context, path, profile, true);
    const repeat = await visit(context, path, profile, false);
    console.log(`| ${name} | ${profile} | ${kb(first.bytes)} | ${first.usable} ms | ${kb(repeat.bytes)} | ${repeat.usable} ms |`);
    await context.close();
  }
}
await browser.close();
