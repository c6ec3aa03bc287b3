import path from 'node:path';
import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import { startSecondPortico, type SecondPortico } from './second_portico';
import { byId, confirmDialog, createAdmin, expectAccessible, open, readMail, signIn, signOut, uniqueEmail } from './support';

// A company's identity provider: a second Portico, started here on its own
// port and database, named `localhost` so the browser keeps its cookies
// apart from the portal's (on 127.0.0.1): two real origins.

const password = 'correct horse battery staple';
let upstream: SecondPortico | undefined;
let upstreamUrl = '';
let dataDir = '';

test.beforeAll(async () => {
  upstream = await startSecondPortico();
  upstreamUrl = upstream.url;
  dataDir = upstream.dataDir;
});

test.afterAll(() => upstream?.stop());

/** At the provider: someone signs up and registers the portal as a
 * confidential web client; its id and secret. */
async function registerPortalAtProvider(portal: string): Promise<{ id: string; secret: string }> {
  const it: APIRequestContext = await request.newContext({ baseURL: upstreamUrl });
  const signedUp = await it.post('/api/ui/sign_up', {
    form: { email: uniqueEmail('it'), display_name: 'IT', password, password_confirm: password },
  });
  expect(signedUp.ok(), await signedUp.text()).toBeTruthy();
  const created = await it.post('/api/ui/create_client', {
    form: {
      suffix: 'portal',
      'form[display_name]': 'Developer portal',
      'form[kind]': 'confidential',
      'form[grant_types][0]': 'authorization_code',
      'form[scopes][0]': 'openid',
      'form[scopes][1]': 'email',
      'form[scopes][2]': 'profile',
      'form[redirect_uris][0]': `${portal}/login/upstream/callback`,
    },
  });
  expect(created.ok(), await created.text()).toBeTruthy();
  const id = (await created.json()).client_id as string;
  const secret = await it.post('/api/ui/create_secret', { form: { client_id: id, description: 'portal' } });
  expect(secret.ok(), await secret.text()).toBeTruthy();
  const value = (await secret.json()).value as string;
  await it.dispose();
  return { id, secret: value };
}

/** Someone signs up at the provider in the browser (and stays signed in
 * there). */
async function signUpAtProvider(page: Page, email: string, name: string) {
  await page.goto(`${upstreamUrl}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await byId(page, 'SIGN_UP_SUBMIT').click();
  await expect(page).toHaveURL(new RegExp(`^${upstreamUrl}/`));
}

test('an admin adds the company provider and an employee signs in with it', async ({ page, browser, baseURL }) => {
  const client = await registerPortalAtProvider(baseURL!);
  const admin = uniqueEmail('root');
  createAdmin(admin, password);
  await signIn(page, admin, password);
  await expect(byId(page, 'NAV_ADMIN_PROVIDERS')).toBeVisible();
  await byId(page, 'NAV_ADMIN_PROVIDERS').click();
  await expect(page).toHaveURL(/\/admin\/identity-providers$/);
  await page.waitForSelector('body[data-hydrated]');

  // A wrong issuer is refused under its field, and nothing is lost.
  const form = byId(page, 'IDENTITY_PROVIDER_FORM');
  await form.getByLabel('Id', { exact: true }).fill('corp');
  await form.getByLabel('Name on the sign-in button').fill('Corp SSO');
  await form.getByLabel('Issuer URL').fill(upstreamUrl.replace('localhost', '127.0.0.1'));
  await form.getByLabel('Client id').fill(client.id);
  await form.getByLabel('Client secret').fill(client.secret);
  await byId(form, 'IDENTITY_PROVIDER_SAVE').click();
  await expect(form).toContainText('could not read');
  await expect(form.getByLabel('Client id')).toHaveValue(client.id);
  await form.getByLabel('Issuer URL').fill(upstreamUrl);
  await form.getByLabel('Client secret').fill(client.secret);
  await byId(form, 'IDENTITY_PROVIDER_SAVE').click();
  const listed = byId(page, 'IDENTITY_PROVIDERS');
  await expect(listed).toContainText('Corp SSO');
  await expect(listed).toContainText(upstreamUrl);
  // The add form is empty again: the secret does not stay on the page.
  await expect(page.getByLabel('Id', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Client secret').last()).toHaveValue('');
  await expect(page.getByText(`${baseURL}/login/upstream/callback`)).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: 'end2end/test-results/identity-providers.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'end2end/test-results/identity-providers-390-dark.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
  await signOut(page);

  // An employee, signed in at the provider, signs in to the portal with it.
  const employee = await browser.newContext();
  const person = await employee.newPage();
  const email = uniqueEmail('erin');
  await signUpAtProvider(person, email, 'Erin Example');

  await person.goto('/login');
  await person.getByRole('link', { name: 'Sign in with Corp SSO' }).click();
  // The provider asks whether the portal may know who they are.
  await expect(person).toHaveURL(new RegExp(`^${upstreamUrl}/consent`));
  await expect(byId(person, 'CONSENT')).toContainText('Developer portal');
  await byId(person, 'CONSENT_ALLOW').click();
  // Back on the portal, signed in as a new end user.
  await expect(person).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  await expect(byId(person, 'NAV_VIEWER')).toHaveText('Erin Example');

  await open(person, '/account/security');
  const methods = byId(person, 'SIGN_IN_METHODS');
  await expect(methods).toContainText('Corp SSO');
  await expect(methods).toContainText(email);
  await expect(methods).toContainText('Your only way to sign in');
  // No password to change: a link sets one.
  const setPassword = byId(person, 'SET_PASSWORD');
  await expect(setPassword).toContainText('have no Portico password');
  await setPassword.getByRole('button', { name: 'Email me a link to set a password' }).click();
  await expect(setPassword).toContainText('on its way');
  expect(await readMail(email, '/reset-password/')).toContain(email);
  await expectAccessible(person);
  await person.screenshot({ path: 'end2end/test-results/sign-in-methods.png', fullPage: true });

  // Signed out, one click signs them in again (the provider remembers).
  await signOut(person);
  await person.getByRole('link', { name: 'Sign in with Corp SSO' }).click();
  await expect(byId(person, 'NAV_VIEWER')).toHaveText('Erin Example');
  await employee.close();
});

test('an existing account is linked with its password, and the sign-in page explains refusals', async ({ page, browser, baseURL }) => {
  // The portal already has the provider from the test above when run in
  // order; add it again under another id when run alone.
  const client = await registerPortalAtProvider(baseURL!);
  const admin = uniqueEmail('root');
  createAdmin(admin, password);
  const api = page.request;
  await signIn(page, admin, password);
  await expect(byId(page, 'NAV_VIEWER')).toBeVisible();
  const saved = await api.post('/api/ui/save_identity_provider', {
    form: {
      id: 'corp2', display_name: 'Corp Two', issuer: upstreamUrl, client_id: client.id,
      client_secret: client.secret, enabled: 'on', creating: 'true',
    },
  });
  expect(saved.ok(), await saved.text()).toBeTruthy();
  await signOut(page);

  // Zoe has a portal account with a password; her account at the provider
  // has the same address, vouched for there.
  const email = uniqueEmail('zoe');
  const context = await browser.newContext();
  const zoe = await context.newPage();
  await zoe.request.post('/api/ui/sign_up', {
    form: { email, display_name: 'Zoe', password, password_confirm: password },
  });
  await zoe.request.post('/api/ui/sign_out');
  await signUpAtProvider(zoe, email, 'Zoe at Corp');

  // Not vouched for: nothing is linked, the sign-in page says why.
  await zoe.setViewportSize({ width: 390, height: 844 });
  await zoe.emulateMedia({ colorScheme: 'dark' });
  await zoe.goto('/login');
  await expectAccessible(zoe);
  await zoe.screenshot({ path: 'end2end/test-results/login-providers-390-dark.png', fullPage: true });
  await zoe.getByRole('link', { name: 'Sign in with Corp Two' }).click();
  await byId(zoe, 'CONSENT_ALLOW').click();
  await expect(zoe).toHaveURL(/\/login\?upstream=unverified/);
  await expect(byId(zoe, 'UPSTREAM_FAILURE')).toContainText('does not say the address is verified');
  await expectAccessible(zoe);
  await zoe.screenshot({ path: 'end2end/test-results/upstream-refused.png' });

  // She confirms her address at the provider (its mail goes to files in
  // its data folder); now her portal password links the two.
  const mail = await readMail(email, 'Confirm your email address', path.join(dataDir, 'mail'));
  const link = /https?:\/\/[^\s"<>]+\/verify-email\/[A-Za-z0-9_-]{43}/.exec(mail)![0];
  await zoe.goto(link);
  await byId(zoe, 'VERIFY_SUBMIT').click();
  await expect(byId(zoe, 'VERIFY_DONE')).toBeVisible();
  await zoe.goto('/login?next=%2Faccount%2Fsecurity');
  await zoe.getByRole('link', { name: 'Sign in with Corp Two' }).click();
  await expect(zoe).toHaveURL(/\/login\/link\?offer=/);
  await expect(zoe.locator('main')).toContainText('A Portico account with this email already exists');
  await expectAccessible(zoe);
  await zoe.screenshot({ path: 'end2end/test-results/link-offer.png' });
  await zoe.getByLabel('Portico password').fill('not my password 1');
  await byId(zoe, 'LINK_OFFER_SUBMIT').click();
  await expect(byId(zoe, 'LINK_OFFER_FORM')).toContainText('not right');
  await zoe.getByLabel('Portico password').fill(password);
  await byId(zoe, 'LINK_OFFER_SUBMIT').click();
  await expect(zoe).toHaveURL(/\/account\/security$/);
  await expect(byId(zoe, 'NAV_VIEWER')).toHaveText('Zoe');
  const methods = byId(zoe, 'SIGN_IN_METHODS');
  await expect(methods).toContainText('Corp Two');
  // She has a password, so she may unlink it (after a confirmation).
  await zoe.waitForSelector('body[data-hydrated]');
  await methods.getByRole('button', { name: 'Unlink Corp Two' }).click();
  await confirmDialog(zoe, 'Unlink', 'no longer signs you in');
  await expect(methods.getByRole('button', { name: 'Unlink Corp Two' })).toHaveCount(0);
  await expect(methods.getByRole('link', { name: 'Link Corp Two' })).toBeVisible();
  await context.close();
});
