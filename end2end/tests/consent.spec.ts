import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { byId, confirmDialog, createClient, expectAccessible, open, signOut, signUp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';
/** A 1 × 1 PNG, the app's logo. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The app's loopback listener (RFC 8252): any free port, as native apps do. */
async function loopback(): Promise<{ server: Server; redirect: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>App</title><p>Signed in</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, redirect: `http://127.0.0.1:${port}/callback` };
}

test('an end user signs in at the authorization endpoint, consents, and later removes the app', async ({ page }) => {
  // A developer's web client (set up through the portal's own API calls;
  // clients.spec.ts clicks through registration itself).
  await signUp(page, uniqueEmail('dev'), PASSWORD, 'Grace Hopper');
  const clientId = await createClient(page, {
    suffix: 'webshop',
    'form[display_name]': 'Web shop',
    'form[kind]': 'public',
    'form[grant_types][0]': 'authorization_code',
    'form[scopes][0]': 'openid',
    'form[scopes][1]': 'profile',
    'form[redirect_uris][0]': 'http://127.0.0.1/callback',
  });
  await signOut(page);

  // The end user's own account: no developer navigation.
  const user = uniqueEmail('user');
  await signUp(page, user, PASSWORD, 'Ada Lovelace', { developer: false });
  await expect(byId(page, 'NAV_CLIENTS')).toHaveCount(0);
  await expect(byId(page, 'NAV_SYSTEMS')).toHaveCount(0);
  await signOut(page);

  const { server, redirect: REDIRECT } = await loopback();
  const authorize = new URL('/oauth2/authorize', page.url());
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid profile',
    state: 'xyz',
    code_challenge: 'lEboMpPqePB89iwOkOAietLcQh8ureLWcpGSRsGlsKM',
    code_challenge_method: 'S256',
  }).toString();
  await page.goto(authorize.toString());

  // Not signed in: a focused sign-in page that names the app (no portal
  // navigation), then straight on to the consent page.
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(byId(page, 'FLOW_APP')).toHaveText('Sign in to continue to Web shop');
  await expect(byId(page, 'NAV')).not.toContainText('Sign up');
  await expect(byId(page, 'NAV_SIGN_IN')).toHaveCount(0);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Email').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await byId(page, 'SIGN_IN_SUBMIT').click();
  await expect(page).toHaveURL(/\/consent\?request=/);
  const consent = byId(page, 'CONSENT');
  await expect(consent.getByRole('heading', { level: 1 })).toHaveText('Allow Web shop to use your Portico account?');
  await expect(consent).toContainText('Grace Hopper');
  await expect(byId(page, 'CONSENT_SCOPES')).toContainText('Sign you in with your Portico account');
  await expect(byId(page, 'CONSENT_SCOPES')).toContainText('See your name');
  await expect(consent).toContainText(new URL(REDIRECT).origin);
  await expect(byId(page, 'NOT_YOU')).toContainText(`Signed in as ${user}`);
  await expect(byId(page, 'NAV_ACCOUNT')).toHaveCount(0);
  await page.waitForSelector('body[data-hydrated]');
  await expectAccessible(page);
  await page.screenshot({ path: 'end2end/test-results/consent.png', fullPage: true });

  await byId(page, 'CONSENT_ALLOW').click();
  await page.waitForURL(`${REDIRECT}**`);
  const back = new URL(page.url());
  expect(back.searchParams.get('state')).toBe('xyz');
  expect(back.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText('Signed in')).toBeVisible();

  // Asking again is answered at once: the consent is remembered.
  await page.goto(authorize.toString());
  await page.waitForURL(`${REDIRECT}**`);

  // The account page lists the app; removing it ends its access.
  await open(page, '/account');
  const apps = byId(page, 'APPS_TABLE');
  await expect(apps).toContainText('Web shop');
  await expect(apps).toContainText('By Grace Hopper');
  await expect(apps).toContainText('See your name');
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Remove access for Web shop' }).click();
  await confirmDialog(page, 'Remove access', 'its tokens stop working at once');
  await expect(byId(page, 'APPS_EMPTY')).toBeVisible();

  // Now the consent page asks again.
  await page.goto(authorize.toString());
  await expect(page).toHaveURL(/\/consent\?request=/);
  await byId(page, 'CONSENT_DENY').click();
  await page.waitForURL(`${REDIRECT}**`);
  expect(new URL(page.url()).searchParams.get('error')).toBe('access_denied');
  server.close();
});

test('a new end user signs up inside the flow and lands back in it; "Not you?" switches account', async ({ page }) => {
  await signUp(page, uniqueEmail('dev'), PASSWORD, 'Grace Hopper');
  const clientId = await createClient(page, {
    suffix: 'clinic',
    'form[display_name]': 'Clinic 42',
    'form[kind]': 'public',
    'form[grant_types][0]': 'authorization_code',
    'form[scopes][0]': 'openid',
    'form[redirect_uris][0]': 'http://127.0.0.1/callback',
    'form[logo_uri]': 'https://clinic42.example/logo.png',
    'form[policy_uri]': 'https://clinic42.example/privacy',
    'form[tos_uri]': 'https://clinic42.example/terms',
  });
  // The app's own server, which the browser asks for the logo.
  let logoReferrer: string | undefined = 'not asked';
  await page.route('https://clinic42.example/**', (route) => {
    logoReferrer = route.request().headers()['referer'];
    return route.fulfill({ contentType: 'image/png', body: Buffer.from(PNG, 'base64') });
  });
  await signOut(page);
  const first = uniqueEmail('erin');
  await signUp(page, first, PASSWORD, 'Erin Example', { developer: false });
  await signOut(page);

  const { server, redirect } = await loopback();
  const authorize = '/oauth2/authorize?' + new URLSearchParams({
    client_id: clientId, redirect_uri: redirect, response_type: 'code', scope: 'openid', state: 'flow',
    code_challenge: 'lEboMpPqePB89iwOkOAietLcQh8ureLWcpGSRsGlsKM', code_challenge_method: 'S256',
  });
  await page.goto(authorize);
  await expect(byId(page, 'FLOW_APP')).toHaveText('Sign in to continue to Clinic 42');
  // Its logo, loaded (the page's CSP lets https images in), at 64 × 64,
  // and no referrer tells the app's server about the flow.
  const logo = byId(page, 'APP_LOGO');
  await expect(logo).toBeVisible();
  await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  expect(await logo.boundingBox()).toMatchObject({ width: 64, height: 64 });
  expect(logoReferrer).toBeUndefined();
  await expectAccessible(page);
  await page.screenshot({ path: 'end2end/test-results/focused-sign-in.png', fullPage: true });
  // No account yet: sign-up keeps the flow.
  await byId(page, 'SIGN_UP_LINK').click();
  await expect(page).toHaveURL(/\/signup\?next=%2Foauth2%2Fauthorize/);
  await expect(byId(page, 'FLOW_APP')).toHaveText('Create an account to continue to Clinic 42');
  const second = uniqueEmail('frank');
  await page.getByLabel('Email').fill(second);
  await page.getByLabel('Your name').fill('Frank Example');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat password').fill(PASSWORD);
  await byId(page, 'SIGN_UP_SUBMIT').click();
  await expect(page).toHaveURL(/\/consent\?request=/);
  await expect(byId(page, 'NOT_YOU')).toContainText(`Signed in as ${second}`);

  // Not Frank after all: Erin signs in and the same request goes on.
  await byId(page, 'NOT_YOU').getByRole('button', { name: 'Not you?' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Foauth2%2Fauthorize/);
  await expect(byId(page, 'FLOW_APP')).toHaveText('Sign in to continue to Clinic 42');
  await page.getByLabel('Email').fill(first);
  await page.getByLabel('Password').fill(PASSWORD);
  await byId(page, 'SIGN_IN_SUBMIT').click();
  await expect(page).toHaveURL(/\/consent\?request=/);
  await expect(byId(page, 'NOT_YOU')).toContainText(`Signed in as ${first}`);
  // The consent page shows the logo and links the app's own pages.
  await expect(byId(page, 'APP_LOGO')).toBeVisible();
  const pages = byId(page, 'APP_LINKS');
  await expect(pages.getByRole('link', { name: 'Privacy policy' })).toHaveAttribute('href', 'https://clinic42.example/privacy');
  await expect(pages.getByRole('link', { name: 'Terms of service' })).toHaveAttribute('target', '_blank');
  await expect(pages.getByRole('link', { name: 'Home page' })).toHaveCount(0);
  await expectAccessible(page);
  await byId(page, 'CONSENT_ALLOW').click();
  await page.waitForURL(`${redirect}**`);
  expect(new URL(page.url()).searchParams.get('state')).toBe('flow');
  server.close();
});

test('a request with a foreign redirect URI is refused on a page, not redirected', async ({ page }) => {
  await open(page, '/oauth2/authorize?client_id=nobody.x&redirect_uri=https%3A%2F%2Fevil.example%2Fcb&response_type=code&scope=openid');
  await expect(page).toHaveURL(/\/authorize-error\?reason=unknown_client$/);
  await expect(byId(page, 'AUTHORIZE_ERROR')).toContainText('not registered with Portico');
  await expectAccessible(page);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('an end user signs in and consents with plain forms', async ({ page }) => {
    const created = await page.request.post('/api/ui/sign_up', {
      form: {
        email: uniqueEmail('nojs-dev'), display_name: 'Grace Hopper',
        password: PASSWORD, password_confirm: PASSWORD,
      },
    });
    expect(created.ok()).toBeTruthy();
    const became = await page.request.post('/api/ui/become_developer', { form: { accept_terms: 'on' } });
    expect(became.ok()).toBeTruthy();
    const clientId = await createClient(page, {
      suffix: 'nojs',
      'form[display_name]': 'Plain shop',
      'form[kind]': 'public',
      'form[grant_types][0]': 'authorization_code',
      'form[scopes][0]': 'openid',
      'form[redirect_uris][0]': 'http://127.0.0.1/callback',
    });
    await page.request.post('/api/ui/sign_out');

    const user = uniqueEmail('nojs-user');
    await page.goto('/signup');
    await page.getByLabel('Email').fill(user);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(PASSWORD);
    await byId(page, 'SIGN_UP_SUBMIT').click();
    await expect(byId(page, 'DASHBOARD')).toBeVisible();
    await byId(page, 'NAV_SIGN_OUT').click();
    await expect(byId(page, 'NAV_SIGN_IN')).toBeVisible();

    const { server, redirect } = await loopback();
    await page.goto('/oauth2/authorize?' + new URLSearchParams({
      client_id: clientId, redirect_uri: redirect, response_type: 'code', scope: 'openid', state: 'plain',
      code_challenge: 'lEboMpPqePB89iwOkOAietLcQh8ureLWcpGSRsGlsKM', code_challenge_method: 'S256',
    }));
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByLabel('Email').fill(user);
    await page.getByLabel('Password').fill(PASSWORD);
    await byId(page, 'SIGN_IN_SUBMIT').click();
    await expect(page).toHaveURL(/\/consent\?request=/);
    await byId(page, 'CONSENT_ALLOW').click();
    await page.waitForURL(`${redirect}**`);
    expect(new URL(page.url()).searchParams.get('state')).toBe('plain');
    expect(new URL(page.url()).searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    server.close();
  });
});
