import { expect, test, type Page } from '@playwright/test';
import { byId, confirmDialog, createAdmin, expectAccessible, signIn, signUp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';

const option = (page: Page, name: string) =>
  page.getByRole('checkbox', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `) });

test('an admin rejects a requested scope with a reason, the developer sees it, and suspends the client', async ({ browser }) => {
  const admin = uniqueEmail('root');
  createAdmin(admin, PASSWORD);
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, admin, PASSWORD);
  const scope = `ledger${Date.now()}:write`;
  await byId(adminPage, 'NAV_ADMIN_SCOPES').click();
  await adminPage.waitForSelector('body[data-hydrated]');
  const form = byId(adminPage, 'SCOPE_FORM');
  await form.getByLabel('Name').fill(scope);
  await form.getByLabel('Description for end users').fill('Write to your ledger');
  await form.getByLabel('Needs admin approval').check();
  await form.getByRole('button', { name: 'Add scope' }).click();
  await expect(byId(adminPage, 'SCOPES_TABLE')).toContainText(scope);

  // A developer asks for it: the client waits.
  const devPage = await (await browser.newContext()).newPage();
  const developer = uniqueEmail('dev');
  await signUp(devPage, developer, PASSWORD);
  await devPage.goto('/clients/new');
  await devPage.waitForSelector('body[data-hydrated]');
  await devPage.getByLabel('Suffix').fill('ledger');
  await devPage.getByLabel('Name', { exact: true }).fill('Ledger sync');
  await option(devPage, 'client_credentials').check();
  await option(devPage, 'consents:read').check();
  await devPage.getByRole('checkbox', { name: scope }).check();
  await byId(devPage, 'CLIENT_SUBMIT').click();
  // Blocked, as the status API says, and why.
  await expect(byId(devPage, 'CLIENT_STATUS')).toContainText('blocked');
  await expect(byId(devPage, 'CLIENT_STATUS')).toContainText('awaiting approval');
  await expect(byId(devPage, 'CLIENT_AVAILABILITY')).toContainText('waits for an admin');
  await expect(byId(devPage, 'CLIENT_SCOPES_MISSING')).toContainText(`${scope} — waiting for an admin's approval`);
  const clientUrl = devPage.url();

  // The admin's navigation counts what waits (as of the page's load).
  await adminPage.reload();
  await expect(byId(adminPage, 'NAV_APPROVALS_WAITING')).toContainText(/\d+ waiting/);

  // The admin rejects it: a reason is required.
  await byId(adminPage, 'NAV_ADMIN_APPROVALS').click();
  await adminPage.waitForSelector('body[data-hydrated]');
  await expect(byId(adminPage, 'APPROVALS_QUEUE')).toContainText('Ledger sync');
  // The card says what the scope allows, who asked, and where the client
  // sends people.
  const card = byId(adminPage, 'APPROVAL_CARD').filter({ hasText: 'Ledger sync' });
  await expect(byId(card, 'APPROVAL_SCOPE')).toContainText(scope);
  await expect(byId(card, 'APPROVAL_SCOPE')).toContainText('Write to your ledger');
  await expect(byId(card, 'APPROVAL_ORIGIN')).toContainText(`Registered in the portal by ${developer}`);
  await expect(byId(card, 'APPROVAL_REDIRECTS')).toContainText('None: it signs in no one');
  await expectAccessible(adminPage);
  const reject = adminPage.getByRole('button', { name: `Reject ${scope} for Ledger sync` });
  await reject.click();
  await expect(byId(adminPage, 'APPROVALS_QUEUE')).toContainText('Ledger sync');
  await adminPage.getByLabel(`Reason to reject ${scope} for Ledger sync`).fill('Ledger access is for banks only');
  await reject.click();
  await expect(byId(adminPage, 'APPROVALS_EMPTY')).toBeVisible();

  // The developer's client gets tokens only for its granted scopes: the
  // list, the overview and the Access tab say so, with the admin's reason.
  await devPage.goto('/clients');
  const listed = byId(devPage, 'CLIENTS_TABLE').locator('tr', { hasText: 'Ledger sync' });
  await expect(listed).toContainText('limited');
  await expect(listed).toContainText('1 scope rejected');
  await devPage.goto(clientUrl);
  await expect(byId(devPage, 'CLIENT_STATUS')).toContainText('limited');
  await expect(byId(devPage, 'CLIENT_AVAILABILITY')).toHaveText('Gets tokens only for its granted scopes: 1 scope rejected.');
  await expect(byId(devPage, 'CLIENT_SCOPES_MISSING')).toContainText(`${scope} — rejected: Ledger access is for banks only`);
  await expectAccessible(devPage);
  await devPage.goto(clientUrl + '/access');
  await expect(byId(devPage, 'ACCESS_TABLE')).toContainText('Ledger access is for banks only');

  // Suspend, with a reason; then reinstate: on the list of every client,
  // found by its name.
  await byId(adminPage, 'NAV_ADMIN_CLIENTS').click();
  await adminPage.getByLabel('Client id, name or organisation contains').fill('ledger');
  await byId(adminPage, 'ADMIN_CLIENTS_SEARCH').getByRole('button', { name: 'Search' }).click();
  await expect(adminPage).toHaveURL(/\/admin\/clients\?q=ledger$/);
  await adminPage.waitForSelector('body[data-hydrated]');
  const row = byId(adminPage, 'ADMIN_CLIENTS_TABLE').locator('tr', { hasText: 'Ledger sync' });
  await row.getByRole('link', { name: 'Suspend Ledger sync' }).click();
  const dialog = adminPage.getByRole('alertdialog');
  await expect(dialog).toContainText('Suspend Ledger sync?');
  // The reason is required before anything is sent.
  await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Reason').fill('Unusual traffic');
  await confirmDialog(adminPage, 'Suspend', 'stop working at once');
  await expect(row).toContainText('blocked');
  await expect(row).toContainText('suspended by an admin');
  await expect(row).toContainText('Unusual traffic');
  await expectAccessible(adminPage);
  await devPage.reload();
  await expect(byId(devPage, 'CLIENT_STATUS')).toContainText('suspended by an admin');
  await expect(byId(devPage, 'CLIENT_STATUS_REASON')).toContainText('Unusual traffic');
  // The admins' view of the client: every field, its history, and
  // reinstating from there.
  await row.getByRole('link', { name: 'Ledger sync' }).click();
  await expect(adminPage).toHaveURL(/\/admin\/clients\/[0-9a-f]+\.ledger$/);
  await adminPage.waitForSelector('body[data-hydrated]');
  await expect(adminPage.getByRole('heading', { level: 1 })).toHaveText('Ledger sync');
  await expect(byId(adminPage, 'ADMIN_CLIENT_STATUS')).toContainText('blocked');
  await expect(byId(adminPage, 'CLIENT_SCOPES_MISSING')).toContainText('Ledger access is for banks only');
  await expect(byId(adminPage, 'ADMIN_CLIENT_HISTORY')).toContainText('client.suspended');
  await expectAccessible(adminPage);
  await adminPage.getByRole('button', { name: 'Reinstate Ledger sync' }).click();
  await expect(byId(adminPage, 'ADMIN_CLIENT_STATUS')).toContainText('limited');
  await expect(byId(adminPage, 'ADMIN_CLIENT_STATUS')).toContainText('1 scope rejected');
  await expect(byId(adminPage, 'ADMIN_CLIENT_HISTORY')).toContainText('client.reinstated');
  // Found in the audit log by part of its id.
  await adminPage.goto('/admin/audit?client_id=.ledger');
  await expect(byId(adminPage, 'AUDIT_TABLE')).toContainText('client.reinstated');
});
