import { expect, test, type Browser, type Page } from '@playwright/test';
import { byId, confirmDialog, createAdmin, expectAccessible, open, signIn, signUp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';

async function person(browser: Browser, email: string, name: string): Promise<Page> {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await signUp(page, email, PASSWORD, name);
  return page;
}

async function openTab(page: Page, tabs: string, name: string) {
  await byId(page, tabs).getByRole('link', { name }).click();
  await expect(byId(page, tabs).getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  await page.waitForSelector('body[data-hydrated]');
}

async function invite(page: Page, email: string, role: string): Promise<string> {
  await page.getByLabel('Email address').fill(email);
  await byId(page, 'INVITE_ROLE').selectOption(role);
  await byId(page, 'INVITE_SUBMIT').click();
  // The link is shown once, with the address it is for.
  await expect(page.getByText(`Send this link to ${email}.`)).toBeVisible();
  const link = (await byId(page, 'INVITE_LINK').textContent())!.trim();
  expect(link).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
  return link;
}

async function accept(page: Page, link: string) {
  await open(page, new URL(link).pathname);
  await expect(byId(page, 'INVITATION_OFFER')).toBeVisible();
  await expectAccessible(page);
  await byId(page, 'INVITATION_ACCEPT').click();
  await expect(page).toHaveURL(/\/orgs\/[0-9a-f-]+$/);
}

test('a team shares its clients: invitations, roles and removal', async ({ browser }) => {
  const owner = await person(browser, uniqueEmail('ada'), 'Ada Lovelace');
  const devEmail = uniqueEmail('bob');
  const viewerEmail = uniqueEmail('carol');

  // The owner creates an organisation; a wrong number is a field error.
  await byId(owner, 'NAV_ORGS').click();
  await expect(byId(owner, 'ORGS_LIST')).toBeVisible();
  await expectAccessible(owner);
  await byId(owner, 'ORGS_NEW').click();
  await owner.waitForSelector('body[data-hydrated]');
  await owner.getByLabel('Name', { exact: true }).fill('Acme Health');
  await owner.getByLabel('Organisation number (optional)').fill('974 760 674');
  await byId(owner, 'ORG_SUBMIT').click();
  await expect(owner.getByText('last digit does not match')).toBeVisible();
  await expectAccessible(owner);
  await owner.getByLabel('Organisation number (optional)').fill('974 760 673');
  await byId(owner, 'ORG_SUBMIT').click();
  await expect(owner).toHaveURL(/\/orgs\/[0-9a-f-]+$/);
  await expect(byId(owner, 'ORG_NAME')).toHaveText('Acme Health');
  await expect(byId(owner, 'ORG_NUMBER')).toHaveText('974 760 673');
  const prefix = (await byId(owner, 'ORG_PREFIX').textContent())!.trim();
  expect(prefix).toMatch(/^[0-9a-f]{64}$/);
  await expectAccessible(owner);
  const orgUrl = owner.url();

  // Two invitations, each link shown once.
  await openTab(owner, 'ORG_TABS', 'Invitations');
  await expectAccessible(owner);
  const devLink = await invite(owner, devEmail, 'developer');
  const viewerLink = await invite(owner, viewerEmail, 'viewer');
  await expect(byId(owner, 'INVITATIONS_TABLE').locator('tbody tr')).toHaveCount(2);

  // The developer accepts and creates a client in the organisation.
  const dev = await person(browser, devEmail, 'Bob Builder');
  await accept(dev, devLink);
  await expect(byId(dev, 'ORG_SWITCH_SELECT').locator('option:checked')).toHaveText('Acme Health');
  await byId(dev, 'NAV_CLIENTS').click();
  await expect(byId(dev, 'ACTIVE_ORG')).toHaveText('Of Acme Health');
  await byId(dev, 'NEW_CLIENT_LINK').click();
  await dev.waitForSelector('body[data-hydrated]');
  await dev.getByLabel('Suffix').fill('ledger');
  await expect(byId(dev, 'CLIENT_ID_PREVIEW')).toHaveText(`${prefix}.ledger`);
  await dev.getByLabel('Name', { exact: true }).fill('Ledger');
  await dev.getByRole('checkbox', { name: /^client_credentials / }).check();
  await dev.getByRole('checkbox', { name: /^consents:read / }).check();
  await byId(dev, 'CLIENT_SUBMIT').click();
  await expect(dev).toHaveURL(new RegExp(`/clients/${prefix}\\.ledger$`));
  const clientUrl = dev.url();

  // The viewer sees it, but no form to make a secret.
  const viewer = await person(browser, viewerEmail, 'Carol Reader');
  await accept(viewer, viewerLink);
  await open(viewer, new URL(clientUrl).pathname + '/secrets');
  await expect(byId(viewer, 'READ_ONLY')).toBeVisible();
  await expect(byId(viewer, 'SECRET_SUBMIT')).toHaveCount(0);
  await expectAccessible(viewer);

  // The owner sees the members and removes the developer.
  await open(owner, new URL(orgUrl).pathname + '/members');
  await expect(byId(owner, 'MEMBERS_TABLE').locator('tbody tr')).toHaveCount(3);
  await expectAccessible(owner);
  await owner.getByRole('button', { name: `Remove ${devEmail}` }).click();
  await confirmDialog(owner, 'Remove member', 'They lose access');
  await expect(byId(owner, 'MEMBERS_TABLE').locator('tbody tr')).toHaveCount(2);

  // The developer's open page: the next click finds nothing.
  await byId(dev, 'CLIENT_TABS').getByRole('link', { name: 'Secrets' }).click();
  await expect(byId(dev, 'ERROR_VIEW')).toContainText('Not found');
  await expect(byId(dev, 'SECRET_SUBMIT')).toHaveCount(0);

  // The history names each step and who took it.
  await open(owner, new URL(orgUrl).pathname + '/history');
  await expect(byId(owner, 'ORG_HISTORY')).toContainText('member.removed');
  await expect(byId(owner, 'ORG_HISTORY')).toContainText('client.created');
  await expectAccessible(owner);
  await open(owner, new URL(orgUrl).pathname + '/settings');
  await expect(byId(owner, 'ORG_SAVE')).toBeVisible();
  await expectAccessible(owner);
});

test('an invitation for someone else is refused, and admins find organisations', async ({ browser }) => {
  const owner = await person(browser, uniqueEmail('ada'), 'Ada Lovelace');
  await open(owner, '/orgs/new');
  await owner.getByLabel('Name', { exact: true }).fill('Fjord Clinic');
  await owner.getByLabel('Organisation number (optional)').fill('974760673');
  await byId(owner, 'ORG_SUBMIT').click();
  await expect(owner).toHaveURL(/\/orgs\/[0-9a-f-]+$/);
  await openTab(owner, 'ORG_TABS', 'Invitations');
  const link = await invite(owner, uniqueEmail('invited'), 'developer');

  const other = await person(browser, uniqueEmail('eve'), 'Eve Other');
  await open(other, new URL(link).pathname);
  await expect(byId(other, 'INVITATION_OFFER')).toContainText('you are signed in as');
  await expect(byId(other, 'INVITATION_ACCEPT')).toHaveCount(0);

  const admin = uniqueEmail('root');
  createAdmin(admin, PASSWORD);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, admin, PASSWORD);
  await expect(byId(page, 'NAV_ADMIN_ORGS')).toBeVisible();
  await byId(page, 'NAV_ADMIN_ORGS').click();
  await page.getByLabel('Name, organisation number or client-id prefix').fill('Fjord');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(byId(page, 'ADMIN_ORGS_TABLE').locator('tbody tr')).toHaveCount(1);
  await expectAccessible(page);
  await byId(page, 'ADMIN_ORGS_TABLE').getByRole('link', { name: 'Fjord Clinic' }).click();
  await expect(byId(page, 'ADMIN_ORG_MEMBERS')).toContainText('Ada Lovelace');
  await expectAccessible(page);
});
