import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { byId, expectAccessible, open, signUp, uniqueEmail } from './support';

const PASSWORD = 'correct horse battery staple';

type Received = { headers: IncomingHttpHeaders; body: string };

/** A receiver on a free loopback port: 500 to the first request, then 204. */
async function receiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = received.length === 1 ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => server.close() };
}

/** The Standard Webhooks check a receiver makes, written here in Node. */
function signed(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const content = `${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`;
  const expected = createHmac('sha256', key).update(content).digest('base64');
  return String(r.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

test('an owner adds a webhook endpoint, sends test events and sees the deliveries', async ({ page }) => {
  const hooks = await receiver();
  try {
    await signUp(page, uniqueEmail('wes'), PASSWORD, 'Wes Hook');
    await page.getByRole('link', { name: 'Organisation', exact: true }).click();
    await byId(page, 'ORG_TABS').getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForSelector('body[data-hydrated]');
    await expect(page.getByText('No endpoints yet.')).toBeVisible();

    // Plain http to another host is refused, under the field, keeping the form.
    await page.getByLabel('URL').fill('http://hooks.example.com/portico');
    await page.getByLabel('Description (optional)').fill('Our automation');
    await byId(page, 'WEBHOOK_SUBMIT').click();
    await expect(page.getByText('use https')).toBeVisible();
    await expect(page.getByLabel('Description (optional)')).toHaveValue('Our automation');
    await expectAccessible(page);

    await page.getByLabel('URL').fill(hooks.url);
    await byId(page, 'WEBHOOK_SUBMIT').click();
    const secret = (await byId(page, 'WEBHOOK_SECRET').textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await expect(byId(page, 'WEBHOOKS_TABLE')).toContainText(hooks.url);
    await expectAccessible(page);

    await page.getByRole('link', { name: 'Open the endpoint' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(hooks.url);
    await page.waitForSelector('body[data-hydrated]');
    await expect(byId(page, 'WEBHOOK_STATUS')).toHaveText('Enabled');

    // The first test event meets a 500; the page says so.
    await byId(page, 'WEBHOOK_TEST').click();
    await expect(page.getByText('A test event is on its way')).toBeVisible();
    await expect.poll(async () => {
      await byId(page, 'WEBHOOK_REFRESH').click();
      return (await byId(page, 'WEBHOOK_ATTEMPTS').count()) > 0
        ? await byId(page, 'WEBHOOK_ATTEMPTS').textContent() : '';
    }, { timeout: 15_000 }).toContain('the endpoint answered 500');
    await expect(byId(page, 'WEBHOOK_STATUS')).toContainText('Failing since');

    // The next one is delivered; every request was signed with the secret.
    await byId(page, 'WEBHOOK_TEST').click();
    await expect.poll(async () => {
      await byId(page, 'WEBHOOK_REFRESH').click();
      return await byId(page, 'WEBHOOK_ATTEMPTS').textContent();
    }, { timeout: 15_000 }).toContain('204 OK');
    await expect(byId(page, 'WEBHOOK_STATUS')).toHaveText('Enabled');
    expect(hooks.received.length).toBe(2);
    for (const r of hooks.received) {
      expect(signed(secret, r)).toBe(true);
      expect(JSON.parse(r.body).type).toBe('webhook.test');
    }
    expect(signed('whsec_' + Buffer.alloc(32).toString('base64'), hooks.received[1])).toBe(false);
    await expectAccessible(page);

    // Disabled, it cannot be tested; enabled again, it can.
    await byId(page, 'WEBHOOK_TOGGLE').click();
    await expect(byId(page, 'WEBHOOK_STATUS')).toHaveText('Disabled');
    await expect(byId(page, 'WEBHOOK_TEST')).toBeDisabled();
    await byId(page, 'WEBHOOK_TOGGLE').click();
    await expect(byId(page, 'WEBHOOK_STATUS')).toHaveText('Enabled');

    // Deleting it leads back to the list, now empty.
    await byId(page, 'WEBHOOK_DELETE').click();
    await expect(page).toHaveURL(/\/orgs\/[^/]+\/webhooks$/);
    await expect(page.getByText('No endpoints yet.')).toBeVisible();

    // A tab opened directly (a reload, a shared link) hydrates too.
    await open(page, page.url());
    await open(page, page.url().replace(/\/webhooks$/, '/members'));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  } finally {
    hooks.close();
  }
});
