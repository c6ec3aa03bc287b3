import { expect, test } from '@playwright/test';
import { byId, createAdmin, expectAccessible, rotateKeys, signIn, uniqueEmail } from './support';

test('an admin rotates the signing keys; new ones are published first, old ones stay', async ({ page }) => {
  const admin = uniqueEmail('root');
  createAdmin(admin, 'correct horse battery staple');
  await signIn(page, admin, 'correct horse battery staple');
  await byId(page, 'NAV_ADMIN_KEYS').click();
  await page.waitForSelector('body[data-hydrated]');
  const rows = byId(page, 'KEYS_TABLE').locator('tbody tr');
  // Counted once the table is there (the page's code may still be loading).
  await expect(rows.filter({ hasText: 'signs new tokens' })).toHaveCount(2);
  const before = await rows.count();
  await expectAccessible(page);

  await rotateKeys(page);
  await expect(byId(page, 'FORM_SUCCESS')).toContainText('New keys are published now');
  await expect(rows).toHaveCount(before + 2);
  // The new keys are in the JWKS before they sign; the old ones sign until then.
  await expect(rows.filter({ hasText: 'published; signs from' })).toHaveCount(2);
  await expect(rows.filter({ hasText: 'signs new tokens until' })).toHaveCount(2);
  const jwks = await (await page.request.get('/oauth2/jwks')).json();
  expect(jwks.keys.length).toBe(before + 2);

  // A few seconds later the new keys sign and the old ones are retired.
  await expect(async () => {
    await page.reload();
    await expect(rows.filter({ hasText: 'retired; published until' })).toHaveCount(2);
    await expect(rows.filter({ hasText: 'signs new tokens' })).toHaveCount(2);
  }).toPass({ timeout: 15_000 });
});
