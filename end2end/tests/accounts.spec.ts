import { expect, test } from '@playwright/test';
import { becomeDeveloper, byId, expectAccessible, open, readMail, signIn, signOut, signUp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a completely new passphrase';

test('a forgotten password is reset with the emailed link; the old session ends', async ({ page, browser }) => {
  const email = uniqueEmail('forgetful');
  await signUp(page, email, PASSWORD);

  // Another browser: "Forgot your password?" on the sign-in page.
  const other = await (await browser.newContext()).newPage();
  await open(other, '/login');
  await byId(other, 'FORGOT_PASSWORD_LINK').click();
  await other.waitForSelector('body[data-hydrated]');
  await other.getByLabel('Email').fill(email);
  await expectAccessible(other);
  await byId(other, 'FORGOT_SUBMIT').click();
  await expect(byId(other, 'FORGOT_SENT')).toBeVisible();

  // The email arrives at the SMTP server, with the link.
  const mail = await readMail(email, 'Subject: Reset your Portico password');
  const link = /https?:\/\/[^\s"<>]+\/reset-password\/[A-Za-z0-9_-]{43}/.exec(mail)![0];
  await open(other, new URL(link).pathname);
  await expectAccessible(other);
  await other.getByLabel('New password', { exact: true }).fill('short');
  await other.getByLabel('Repeat the new password').fill('short');
  await byId(other, 'RESET_SUBMIT').click();
  await expect(other.getByText('at least 12 characters').first()).toBeVisible();
  await other.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await other.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
  await byId(other, 'RESET_SUBMIT').click();
  await expect(byId(other, 'DASHBOARD')).toBeVisible();

  // The first browser's session is gone; the new password works there.
  await page.reload();
  await expect(byId(page, 'NAV_SIGN_IN')).toBeVisible();
  await signIn(page, email, PASSWORD);
  await expect(byId(page, 'FORM_ERROR')).toHaveText('Email or password is wrong.');
  await signIn(page, email, NEW_PASSWORD);
  await expect(byId(page, 'DASHBOARD')).toBeVisible();

  // The link worked once.
  await open(other, new URL(link).pathname);
  await expect(other.getByText('This link cannot be used')).toBeVisible();
});

test('the account page lists where you are signed in and ends another session', async ({ page, browser }) => {
  const email = uniqueEmail('travelling');
  await signUp(page, email, PASSWORD);
  const phone = await (await browser.newContext({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1' })).newPage();
  await signIn(phone, email, PASSWORD);
  await expect(byId(phone, 'DASHBOARD')).toBeVisible();

  await open(page, '/account/security');
  const list = byId(page, 'SESSIONS_TABLE');
  await expect(list.locator('li')).toHaveCount(2);
  await expect(list.locator('li', { hasText: 'This session' })).toContainText('Chrome on Linux');
  const other = list.locator('li', { hasText: 'Safari on iPhone' });
  await expect(other).toContainText('127.0.0.1');
  await expect(other).toContainText('last seen');
  await expectAccessible(page);
  await other.getByRole('button', { name: 'End the session of Safari on iPhone' }).click();
  await expect(list.locator('li')).toHaveCount(1);
  await expect(byId(page, 'SESSIONS_END_OTHERS')).toHaveCount(0);

  // The phone is signed out: its next page asks it to sign in.
  await phone.goto('/account/security');
  await expect(phone).toHaveURL(/\/login/);
  await phone.close();
});

test('the address is confirmed with the link emailed at sign-up', async ({ page }) => {
  const email = uniqueEmail('confirming');
  await signUp(page, email, PASSWORD);
  await open(page, '/account');
  await expect(byId(page, 'VERIFY_BANNER')).toBeVisible();
  await expect(byId(page, 'ACCOUNT_PROFILE')).toContainText('not confirmed yet');

  const mail = await readMail(email, 'Subject: Confirm your email address for Portico');
  const link = /https?:\/\/[^\s"<>]+\/verify-email\/[A-Za-z0-9_-]{43}/.exec(mail)![0];
  await open(page, new URL(link).pathname);
  await expectAccessible(page);
  await byId(page, 'VERIFY_SUBMIT').click();
  await expect(byId(page, 'VERIFY_DONE')).toBeVisible();
  await open(page, '/account');
  await expect(byId(page, 'ACCOUNT_PROFILE')).toContainText('· confirmed');
  await expect(byId(page, 'VERIFY_BANNER')).toHaveCount(0);

  // The link works once.
  await open(page, new URL(link).pathname);
  await byId(page, 'VERIFY_SUBMIT').click();
  await expect(page.getByText('expired or was already used')).toBeVisible();
});

test('sign up, sign out, sign in, change password, sign in with the new one', async ({ page }) => {
  const email = uniqueEmail('ada');
  await signUp(page, email, PASSWORD);
  await expect(byId(page, 'NAV_VIEWER')).toHaveText('Ada Lovelace');
  await expect(byId(page, 'DASHBOARD_PREFIX')).toHaveText(/^[0-9a-f]{64}$/);
  await expectAccessible(page);

  await signOut(page);
  await signIn(page, email, 'not the right password');
  await expect(byId(page, 'FORM_ERROR')).toHaveText('Email or password is wrong.');
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, email, PASSWORD);
  await expect(byId(page, 'DASHBOARD')).toBeVisible();

  await byId(page, 'NAV_ACCOUNT').click();
  await expect(byId(page, 'ACCOUNT_PROFILE')).toContainText(email);
  await expectAccessible(page);
  // The password is on the account's second page, a tab away.
  await byId(page, 'ACCOUNT_TABS').getByRole('link', { name: 'Sign-in and security' }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
  await expect(byId(page, 'ACCOUNT_TABS').getByRole('link', { name: 'Sign-in and security' })).toHaveAttribute('aria-current', 'page');
  await expectAccessible(page);
  const form = byId(page, 'PASSWORD_FORM');
  await form.getByLabel('Current password').fill('wrong current password');
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Repeat new password').fill(NEW_PASSWORD);
  await byId(page, 'PASSWORD_SUBMIT').click();
  await expect(form.getByText('The current password is wrong.')).toBeVisible();
  // A plain form: passwords are never kept across the error.
  await expect(form.getByLabel('New password', { exact: true })).toHaveValue('');
  await form.getByLabel('Current password').fill(PASSWORD);
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Repeat new password').fill(NEW_PASSWORD);
  await byId(page, 'PASSWORD_SUBMIT').click();
  await expect(byId(page, 'FORM_SUCCESS')).toContainText('Password changed');

  await signOut(page);
  await signIn(page, email, PASSWORD);
  await expect(byId(page, 'FORM_ERROR')).toHaveText('Email or password is wrong.');
  await signIn(page, email, NEW_PASSWORD);
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
});

test('the sign-up form explains each problem as you type and on submit', async ({ page }) => {
  await open(page, '/signup');
  await page.getByLabel('Email').fill('ada@example');
  await page.getByLabel('Your name').focus();
  await expect(page.getByText('The part after the @ must be a domain')).toBeVisible();
  await page.getByLabel('Email').fill(uniqueEmail('short'));
  await page.getByLabel('Your name').fill('Ada');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Repeat password').fill('short');
  await byId(page, 'SIGN_UP_SUBMIT').click();
  await expect(page.getByText('Use at least 12 characters', { exact: false })).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/signup$/);
});

test('private pages send you to sign in and back', async ({ page }) => {
  const email = uniqueEmail('back');
  await signUp(page, email, PASSWORD);
  await signOut(page);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=\/account$/);
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await byId(page, 'SIGN_IN_SUBMIT').click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(byId(page, 'ACCOUNT_PROFILE')).toContainText(email);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the core forms still work', async ({ page }) => {
    const email = uniqueEmail('nojs');
    await page.goto('/signup');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Your name').fill('Grace Hopper');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(PASSWORD);
    await byId(page, 'SIGN_UP_SUBMIT').click();
    await expect(byId(page, 'DASHBOARD')).toBeVisible();
    await expect(byId(page, 'NAV_VIEWER')).toHaveText('Grace Hopper');

    await byId(page, 'NAV_SIGN_OUT').click();
    await expect(byId(page, 'NAV_SIGN_IN')).toBeVisible();

    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the right password');
    await byId(page, 'SIGN_IN_SUBMIT').click();
    await expect(byId(page, 'FORM_ERROR')).toHaveText('Email or password is wrong.');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await byId(page, 'SIGN_IN_SUBMIT').click();
    await expect(byId(page, 'DASHBOARD')).toBeVisible();
  });
});

test('the sign-in page comes without the portal\'s WebAssembly and keeps what was typed', async ({ page }) => {
  const email = uniqueEmail('light');
  await signUp(page, email, PASSWORD);
  await signOut(page);

  const loaded: string[] = [];
  page.on('request', (request) => loaded.push(request.url()));
  await open(page, '/login');
  expect(loaded.filter((url) => url.endsWith('.wasm') || /\/pkg\/portico[.\w]*\.js$/.test(url))).toEqual([]);
  await expectAccessible(page);

  // A wrong password: the error is shown, the email stays, the password does not.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the right password');
  await byId(page, 'SIGN_IN_SUBMIT').click();
  await expect(byId(page, 'FORM_ERROR')).toHaveText('Email or password is wrong.');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Password')).toHaveValue('');

  await page.getByLabel('Password').fill(PASSWORD);
  await byId(page, 'SIGN_IN_SUBMIT').click();
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
  // The dashboard is light too, and so is a new client's form.
  await byId(page, 'NAV_CLIENTS').click();
  await byId(page, 'NEW_CLIENT_LINK').click();
  await page.waitForSelector('body[data-hydrated]');
  await expect(byId(page, 'CLIENT_FORM')).toBeVisible();
  expect(loaded.some((url) => url.endsWith('.wasm'))).toBeFalsy();
});

test('a new account is an end user until it accepts the developer terms', async ({ page }) => {
  await signUp(page, uniqueEmail('erin'), PASSWORD, 'Erin Example', { developer: false });
  // No developer navigation, and the way to become one on the dashboard.
  await expect(byId(page, 'NAV_CLIENTS')).toHaveCount(0);
  await expect(byId(page, 'NAV_SYSTEMS')).toHaveCount(0);
  await expect(byId(page, 'NAV_API_DOCS')).toHaveCount(0);
  await expect(byId(page, 'DEVELOPER_TERMS')).toContainText('I am responsible for the applications I register');
  await page.waitForSelector('body[data-hydrated]');
  await expectAccessible(page);
  // The terms must be accepted; the message sits under the checkbox.
  await byId(page, 'BECOME_DEVELOPER').click();
  await expect(page.getByText('Accept the developer terms to register applications.')).toBeVisible();
  await expect(byId(page, 'DASHBOARD_PREFIX')).toHaveCount(0);
  await becomeDeveloper(page);
  await expect(byId(page, 'NAV_CLIENTS')).toBeVisible();
  await expect(byId(page, 'REGISTER_APPS')).toHaveCount(0);
});
