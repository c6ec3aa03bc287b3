import { expect, test, type Page } from '@playwright/test';
import { byId, createAdmin, expectAccessible, open, signIn, signUp, stepNow, totp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';

/** Saves the sign-in policy on /admin/accounts. */
async function savePolicy(page: Page, developers: boolean, days: string) {
  await open(page, '/admin/accounts');
  const card = byId(page, 'SIGN_IN_POLICY');
  await card.getByLabel('Developers (every admin is one too)').setChecked(developers);
  await card.getByLabel('Admins', { exact: true }).setChecked(false);
  await card.getByLabel('Grace period (days)').fill(days);
  await card.getByRole('button', { name: 'Save policy' }).click();
  await expect(card.getByText('Saved.')).toBeVisible();
}

test('admins require two-step sign-in: a reminder, then set-up before anything else', async ({ page, browser }) => {
  test.slow(); // an admin and a developer, each signing in
  const admin = uniqueEmail('policy-admin');
  createAdmin(admin, PASSWORD);
  await signIn(page, admin, PASSWORD);
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
  // The admin is a developer too: set up first, so no grace is needed.
  const started = await page.request.post('/api/ui/start_two_step');
  const adminSecret = (await started.json()).secret as string;
  const confirmed = await page.request.post('/api/ui/confirm_two_step', { form: { code: totp(adminSecret, stepNow()) } });
  expect(confirmed.ok(), await confirmed.text()).toBeTruthy();

  const developer = await (await browser.newContext()).newPage();
  const email = uniqueEmail('policy-dev');
  await signUp(developer, email, PASSWORD, 'Policy Developer');
  try {
    // A week to set it up: a reminder on every page.
    await savePolicy(page, true, '7');
    await expectAccessible(page);
    await open(developer, '/');
    await expect(byId(developer, 'TWO_STEP_DUE')).toContainText('require two-step sign-in');
    await expectAccessible(developer);

    // At once: the session ends; signing in sets up the app first.
    await savePolicy(page, false, '7');
    await savePolicy(page, true, '0');
    await open(developer, '/');
    await expect(byId(developer, 'NAV_SIGN_IN')).toBeVisible();
    await signIn(developer, email, PASSWORD);
    await expect(developer).toHaveURL(/\/set-up-two-step/);
    await expect(byId(developer, 'TWO_STEP_QR').locator('svg')).toBeVisible();
    await expectAccessible(developer);
    const secret = (await byId(developer, 'TWO_STEP_SECRET').innerText()).trim();
    await developer.getByLabel('Code from the app').fill(totp(secret, stepNow()));
    await byId(developer, 'TWO_STEP_CONFIRM').click();
    await expect(byId(developer, 'TWO_STEP_RECOVERY_CODES').locator('li')).toHaveCount(10);
    await expectAccessible(developer);
    await byId(developer, 'SET_UP_TWO_STEP_CONTINUE').click();
    await expect(byId(developer, 'DASHBOARD')).toBeVisible();
    await expect(byId(developer, 'TWO_STEP_DUE')).toHaveCount(0);
  } finally {
    await savePolicy(page, false, '7');
  }
});
