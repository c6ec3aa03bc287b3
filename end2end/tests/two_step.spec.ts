import { expect, test, type Page } from '@playwright/test';
import { byId, confirmDialog, createAdmin, createClient, expectAccessible, open, readMail, signIn, signOut, signUp, stepNow, totp, rotateKeys, uniqueEmail, wasmRequests } from './support';

const PASSWORD = 'correct horse battery staple';

async function submitCode(page: Page, label: string, code: string, button: string) {
  await page.getByLabel(label).fill(code);
  await byId(page, button).click();
}

test('an authenticator app guards the sign-in; a recovery code works once', async ({ page, browser }) => {
  test.slow(); // two browsers, each signing in twice
  const email = uniqueEmail('careful');
  await signUp(page, email, PASSWORD, 'Careful Person', { developer: false });

  // /account: set up, scan (here: read the key), prove it with a code.
  await open(page, '/account/security');
  await expect(byId(page, 'TWO_STEP_STATE')).toContainText('Off');
  await byId(page, 'TWO_STEP_START').click();
  await expect(byId(page, 'TWO_STEP_QR').locator('svg')).toBeVisible();
  const secret = (await byId(page, 'TWO_STEP_SECRET').innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  await expectAccessible(page);
  await submitCode(page, 'Code from the app', '000000' === totp(secret, stepNow()) ? '111111' : '000000', 'TWO_STEP_CONFIRM');
  await expect(page.getByText('That code is not right')).toBeVisible();
  const step = stepNow();
  await submitCode(page, 'Code from the app', totp(secret, step), 'TWO_STEP_CONFIRM');
  const codes = byId(page, 'TWO_STEP_RECOVERY_CODES').locator('li');
  await expect(codes).toHaveCount(10);
  const [recovery, spare] = await codes.allInnerTexts();
  await expect(byId(page, 'TWO_STEP_STATE')).toContainText('On since');
  await expect(byId(page, 'TWO_STEP_STATE')).toContainText('10 recovery codes left');
  await expectAccessible(page);

  // Signing in now asks for the code after the password.
  await signOut(page);
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/login\/code/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel('Code').fill(totp(secret, step)); // used already
  await byId(page, 'SIGN_IN_CODE_SUBMIT').click();
  await expect(page.getByText('That code is not right')).toBeVisible();
  await page.getByLabel('Code').fill(totp(secret, step + 1));
  await byId(page, 'SIGN_IN_CODE_SUBMIT').click();
  await expect(byId(page, 'DASHBOARD')).toBeVisible();

  // Another browser, without its phone: a recovery code, once.
  const other = await (await browser.newContext()).newPage();
  await signIn(other, email, PASSWORD);
  await expect(other).toHaveURL(/\/login\/code/);
  await other.getByLabel('Code').fill(recovery);
  await byId(other, 'SIGN_IN_CODE_SUBMIT').click();
  await expect(byId(other, 'DASHBOARD')).toBeVisible();
  await open(other, '/account/security');
  await expect(byId(other, 'TWO_STEP_STATE')).toContainText('9 recovery codes left');
  await expect(byId(other, 'SESSIONS_TABLE').locator('li', { hasText: 'This session' })).toContainText('with a code');

  // Turned off with a recovery code, the password is enough again.
  await byId(other, 'TWO_STEP_OFF').getByLabel('Code from your app, or a recovery code').fill(spare);
  await byId(other, 'TWO_STEP_OFF').getByRole('button').click();
  await expect(byId(other, 'TWO_STEP_STATE')).toContainText('Off');
  await signOut(other);
  await signIn(other, email, PASSWORD);
  await expect(byId(other, 'DASHBOARD')).toBeVisible();
});

test('the code page works without JavaScript', async ({ browser }) => {
  const email = uniqueEmail('plain');
  const setup = await (await browser.newContext()).newPage();
  await signUp(setup, email, PASSWORD, 'Plain Person', { developer: false });
  const started = await setup.request.post('/api/ui/start_two_step');
  expect(started.ok()).toBeTruthy();
  const secret = (await started.json()).secret as string;
  const confirmed = await setup.request.post('/api/ui/confirm_two_step', { form: { code: totp(secret, stepNow()) } });
  expect(confirmed.ok(), await confirmed.text()).toBeTruthy();

  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await byId(page, 'SIGN_IN_SUBMIT').click();
  await expect(page).toHaveURL(/\/login\/code/);
  await page.getByLabel('Code').fill('12345x');
  await byId(page, 'SIGN_IN_CODE_SUBMIT').click();
  await expect(page.getByText('That code is not right')).toBeVisible();
  await page.getByLabel('Code').fill(totp(secret, stepNow() + 1));
  await byId(page, 'SIGN_IN_CODE_SUBMIT').click();
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
});

test('a secret wants a recent code: "Confirm it is you" in the form, then it goes through', async ({ page, browser }) => {
  const email = uniqueEmail('keyholder');
  await signUp(page, email, PASSWORD, 'Key Holder');
  const clientId = await createClient(page, {
    suffix: 'vault',
    'form[display_name]': 'Vault',
    'form[kind]': 'confidential',
    'form[grant_types][0]': 'client_credentials',
  });

  // Another browser turns two-step sign-in on; this older session has
  // given no code yet.
  const phone = await (await browser.newContext()).newPage();
  await signIn(phone, email, PASSWORD);
  await expect(byId(phone, 'DASHBOARD')).toBeVisible();
  const started = await phone.request.post('/api/ui/start_two_step');
  const secret = (await started.json()).secret as string;
  const first = stepNow();
  const confirmed = await phone.request.post('/api/ui/confirm_two_step', { form: { code: totp(secret, first) } });
  expect(confirmed.ok(), await confirmed.text()).toBeTruthy();

  await open(page, `/clients/${clientId}/secrets`);
  await page.getByLabel('Description').fill('deploy');
  await byId(page, 'SECRET_SUBMIT').click();
  await expect(byId(page, 'STEP_UP')).toContainText('confirm it is you');
  await expect(page.getByLabel('Description')).toHaveValue('deploy');
  await expectAccessible(page);
  await byId(page, 'STEP_UP_CODE').fill(totp(secret, first)); // used already
  await byId(page, 'STEP_UP_SUBMIT').click();
  await expect(byId(page, 'STEP_UP')).toContainText('That code is not right');
  await byId(page, 'STEP_UP_CODE').fill(totp(secret, first + 1));
  await byId(page, 'STEP_UP_CODE').press('Enter');
  await expect(byId(page, 'STEP_UP_DONE')).toBeVisible();
  await byId(page, 'SECRET_SUBMIT').click();
  await expect(byId(page, 'SECRET_VALUE')).toBeVisible();
  await expect(byId(page, 'STEP_UP')).toHaveCount(0);
});

test('on a page sent without the bundle, "Confirm it is you" works too: an admin rotates the keys', async ({ page, browser }) => {
  const admin = uniqueEmail('keys-admin');
  createAdmin(admin, PASSWORD);
  await signIn(page, admin, PASSWORD);
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
  // Two-step sign-in turned on from another browser: this session gave no code.
  const phone = await (await browser.newContext()).newPage();
  await signIn(phone, admin, PASSWORD);
  const started = await phone.request.post('/api/ui/start_two_step');
  const secret = (await started.json()).secret as string;
  const first = stepNow();
  const confirmed = await phone.request.post('/api/ui/confirm_two_step', { form: { code: totp(secret, first) } });
  expect(confirmed.ok(), await confirmed.text()).toBeTruthy();

  const wasm = wasmRequests(page);
  await open(page, '/admin/keys');
  await rotateKeys(page);
  const stepUp = byId(page, 'STEP_UP');
  await expect(stepUp).toContainText('confirm it is you');
  await expect(page).not.toHaveURL(/__err/);
  await expectAccessible(page);
  await byId(page, 'STEP_UP_CODE').fill(totp(secret, first)); // used already
  await byId(page, 'STEP_UP_SUBMIT').click();
  await expect(stepUp).toContainText('That code is not right');
  await byId(page, 'STEP_UP_CODE').fill(totp(secret, first + 1));
  await byId(page, 'STEP_UP_CODE').press('Enter');
  await expect(byId(page, 'STEP_UP_DONE')).toBeVisible();
  await expect(byId(page, 'STEP_UP_CODE')).toBeHidden();

  await rotateKeys(page);
  await expect(byId(page, 'FORM_SUCCESS')).toContainText('New keys are published now');
  await expect(byId(page, 'STEP_UP')).toHaveCount(0);
  expect(wasm).toEqual([]);
});

test('an admin resets a lost authenticator; the person signs in with the password again', async ({ page, browser }) => {
  const email = uniqueEmail('lostphone');
  const person = await (await browser.newContext()).newPage();
  await signUp(person, email, PASSWORD, 'Lost Phone', { developer: false });
  const started = await person.request.post('/api/ui/start_two_step');
  const secret = (await started.json()).secret as string;
  const confirmed = await person.request.post('/api/ui/confirm_two_step', { form: { code: totp(secret, stepNow()) } });
  expect(confirmed.ok(), await confirmed.text()).toBeTruthy();

  const admin = uniqueEmail('admin');
  createAdmin(admin, PASSWORD);
  await signIn(page, admin, PASSWORD);
  await open(page, `/admin/accounts?q=${encodeURIComponent(email)}`);
  const table = byId(page, 'ACCOUNTS_TABLE');
  await expect(table.locator('tbody tr')).toContainText('On');
  await table.getByRole('link', { name: 'Reset two-step sign-in of Lost Phone' }).click();
  await expect(page).toHaveURL(/confirm=reset-two-step\./);
  await expectAccessible(page);
  await confirmDialog(page, 'Reset two-step sign-in', 'told by email');
  await expect(table.getByRole('link', { name: 'Reset two-step sign-in of Lost Phone' })).toHaveCount(0);
  await expect(table.locator('tbody tr')).toContainText('Off');

  await person.request.post('/api/ui/sign_out');
  await signIn(person, email, PASSWORD);
  await expect(byId(person, 'DASHBOARD')).toBeVisible();
  await expect(await readMail(email, 'Subject: Two-step sign-in was reset')).toContain(admin);
});
