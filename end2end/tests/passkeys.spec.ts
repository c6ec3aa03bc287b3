import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { startSecondPortico, type SecondPortico } from './second_portico';
import { byId, confirmDialog, createAdmin, expectAccessible, ids, open, signIn, signOut, signUp, stepNow, totp, rotateKeys, uniqueEmail, wasmRequests } from './support';

// Passkeys need a domain name (browsers refuse them on an IP address), so
// this spec runs against a Portico of its own on `localhost`, with
// Chromium's virtual authenticator standing in for a phone or a laptop's
// fingerprint reader (CDP `WebAuthn.addVirtualAuthenticator`).

const password = 'correct horse battery staple';
const port = Number(process.env.E2E_PORT ?? 3107) + 1;
let portico: SecondPortico | undefined;

test.use({ baseURL: `http://localhost:${port}` });
test.beforeAll(async () => {
  portico = await startSecondPortico(port);
});
test.afterAll(() => portico?.stop());

/** A platform authenticator that keeps passkeys and checks the person
 * (fingerprint) every time, answering at once. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test('a person adds a passkey and signs in with it, no password typed', async ({ page }) => {
  const email = uniqueEmail('passkey');
  await signUp(page, email, password, 'Ada Lovelace', { developer: false });
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  const wasm = wasmRequests(page);

  await open(page, '/account/security');
  const section = byId(page, 'PASSKEYS');
  await expect(section).toContainText('You have no passkeys yet.');
  await section.getByLabel('Name for a new passkey').fill('This laptop');
  await byId(page, 'PASSKEY_ADD').click();
  await expect(section.getByTestId(ids.FORM_SUCCESS)).toContainText('“This laptop” is added');
  await expect(byId(page, 'PASSKEY_LIST')).toContainText('This laptop');
  await expect(section.getByLabel('Name for a new passkey')).toHaveValue('');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);
  // Renamed in its row (its form opened by a link: the page is sent
  // without the WASM).
  await section.getByRole('link', { name: 'Rename This laptop' }).click();
  const rename = section.getByTestId(ids.PASSKEY_RENAME_FORM);
  await rename.getByLabel('New name for “This laptop”').fill('Work laptop');
  await expectAccessible(page);
  await section.screenshot({ path: 'end2end/test-results/passkeys-account.png' });
  await rename.getByRole('button', { name: 'Save name' }).click();
  await expect(byId(page, 'PASSKEY_LIST')).toContainText('Work laptop');
  await expect(section.getByTestId(ids.PASSKEY_RENAME_FORM)).toHaveCount(0);
  expect(wasm).toEqual([]);

  // Signed out, the sign-in page (sent without the WebAssembly) offers
  // the passkey: one click, the fingerprint, the dashboard.
  await signOut(page);
  await page.goto('/login');
  await expectAccessible(page);
  await page.screenshot({ path: 'end2end/test-results/passkeys-login.png', fullPage: true });
  await byId(page, 'PASSKEY_SIGN_IN').click();
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
  await open(page, '/account/security');
  await expect(byId(page, 'PASSKEY_LIST')).toContainText('last used');

  // Removed, it signs nobody in (the authenticator still holds it).
  await byId(page, 'PASSKEY_LIST').getByRole('button', { name: 'Remove Work laptop' }).click();
  await confirmDialog(page, 'Remove', 'no longer signs you in');
  await expect(section).toContainText('You have no passkeys yet.');
  await signOut(page);
  await page.goto('/login');
  await byId(page, 'PASSKEY_SIGN_IN').click();
  await expect(byId(page, 'PASSKEY_SIGN_IN_ERROR')).toContainText('does not know this passkey');
  await expect(page).toHaveURL(/\/login$/);
});

test('a fingerprint that is not recognised changes nothing and says so', async ({ page }) => {
  await signUp(page, uniqueEmail('refused'), password, 'Grace Hopper', { developer: false });
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
  await open(page, '/account/security');
  const section = byId(page, 'PASSKEYS');
  await section.getByLabel('Name for a new passkey').fill('Phone');
  await byId(page, 'PASSKEY_ADD').click();
  await expect(section.getByTestId(ids.FORM_ERROR)).toContainText('closed or timed out');
  await expect(section).toContainText('You have no passkeys yet.');
  await expect(section.getByLabel('Name for a new passkey')).toHaveValue('Phone');
});

test('after the password, a passkey stands in for the code from the app', async ({ page }) => {
  const email = uniqueEmail('second');
  await signUp(page, email, password, 'Katherine Johnson', { developer: false });
  // The authenticator app, turned on through the account page's own calls.
  const started = await page.request.post('/api/ui/start_two_step');
  expect(started.ok(), await started.text()).toBeTruthy();
  const secret = (await started.json()).secret as string;
  const confirmed = await page.request.post('/api/ui/confirm_two_step', { form: { code: totp(secret, stepNow()) } });
  expect(confirmed.ok(), await confirmed.text()).toBeTruthy();
  await virtualAuthenticator(page);
  await open(page, '/account/security');
  const section = byId(page, 'PASSKEYS');
  await section.getByLabel('Name for a new passkey').fill('Laptop');
  await byId(page, 'PASSKEY_ADD').click();
  await expect(byId(page, 'PASSKEY_LIST')).toContainText('Laptop');

  await signOut(page);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/login\/code/);
  await expect(byId(page, 'PASSKEY_SIGN_IN')).toHaveText('Use a passkey instead');
  await expectAccessible(page);
  await page.screenshot({ path: 'end2end/test-results/passkeys-code-step.png', fullPage: true });
  await byId(page, 'PASSKEY_SIGN_IN').click();
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
});

test('a passkey confirms it is you before another way in is added', async ({ page }) => {
  await signUp(page, uniqueEmail('stepup'), password, 'Mary Jackson', { developer: false });
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  await open(page, '/account/security');
  const section = byId(page, 'PASSKEYS');
  await section.getByLabel('Name for a new passkey').fill('Laptop');
  await byId(page, 'PASSKEY_ADD').click();
  await expect(byId(page, 'PASSKEY_LIST')).toContainText('Laptop');

  // Signed in with the password alone: a second passkey waits for the
  // first one to confirm it is her (no authenticator app: no code field).
  await section.getByLabel('Name for a new passkey').fill('Phone');
  await byId(page, 'PASSKEY_ADD').click();
  const stepUp = section.getByTestId(ids.STEP_UP);
  await expect(stepUp).toContainText('confirm it is you with one of your passkeys');
  await expect(stepUp.getByTestId(ids.STEP_UP_CODE)).toHaveCount(0);
  await expectAccessible(page);
  await stepUp.screenshot({ path: 'end2end/test-results/passkeys-step-up.png' });
  await stepUp.getByTestId(ids.STEP_UP_PASSKEY).click();
  await expect(stepUp.getByTestId(ids.STEP_UP_DONE)).toBeVisible();
  // The phone is another authenticator (the laptop's would refuse to make
  // a second passkey of the same account).
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  const phone = await virtualAuthenticator(page);
  await byId(page, 'PASSKEY_ADD').click();
  await expect(byId(page, 'PASSKEY_LIST')).toContainText('Phone');
  const { credentials } = await phone.cdp.send('WebAuthn.getCredentials', { authenticatorId: phone.authenticatorId });
  expect(credentials).toHaveLength(1);
});

test('on a page sent without the bundle, a passkey confirms it is you: an admin rotates the keys', async ({ page }) => {
  const email = uniqueEmail('passkey-admin');
  createAdmin(email, password, portico!.dataDir);
  await signIn(page, email, password);
  await virtualAuthenticator(page);
  await open(page, '/account/security');
  await byId(page, 'PASSKEYS').getByLabel('Name for a new passkey').fill('Laptop');
  await byId(page, 'PASSKEY_ADD').click();
  await expect(byId(page, 'PASSKEY_LIST')).toContainText('Laptop');

  // Signed in with the password alone: rotating the keys waits for the
  // passkey, asked by the page's small script.
  const wasm = wasmRequests(page);
  await open(page, '/admin/keys');
  await rotateKeys(page);
  const stepUp = byId(page, 'STEP_UP');
  await expect(stepUp).toContainText('confirm it is you with one of your passkeys');
  await expect(stepUp.getByTestId(ids.STEP_UP_CODE)).toHaveCount(0);
  await stepUp.getByTestId(ids.STEP_UP_PASSKEY).click();
  await expect(stepUp.getByTestId(ids.STEP_UP_DONE)).toBeVisible();

  await rotateKeys(page);
  await expect(byId(page, 'FORM_SUCCESS')).toContainText('New keys are published now');
  expect(wasm).toEqual([]);
});
