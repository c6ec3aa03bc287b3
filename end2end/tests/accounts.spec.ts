import { expect, test } from '@playwright/test';
import { byId, expectAccessible, open, signIn, signOut, signUp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a completely new passphrase';

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
  const form = byId(page, 'PASSWORD_FORM');
  await form.getByLabel('Current password').fill('wrong current password');
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Repeat new password').fill(NEW_PASSWORD);
  await byId(page, 'PASSWORD_SUBMIT').click();
  await expect(form.getByText('The current password is wrong.')).toBeVisible();
  await form.getByLabel('Current password').fill(PASSWORD);
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
