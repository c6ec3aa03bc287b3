import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The data-testid values from app/src/ids.rs, so pages and tests agree. */
export const ids: Record<string, string> = Object.fromEntries(
  [...readFileSync(path.join(__dirname, '../../app/src/ids.rs'), 'utf8')
    .matchAll(/pub const (\w+): &str = "([^"]+)";/g)]
    .map(([, name, value]) => [name, value]),
);

export const byId = (page: Page | Locator, name: string) => {
  const id = ids[name];
  if (!id) throw new Error(`no test id ${name} in app/src/ids.rs`);
  return page.getByTestId(id);
};

/** Opens a page and waits until the WASM has hydrated it. */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector('body[data-hydrated]');
}

export function uniqueEmail(tag: string) {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** No serious or critical accessibility violations on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/**
 * Signs up (an end user), then — unless `developer` is false — accepts the
 * developer terms on the dashboard, as a person who registers apps does.
 */
export async function signUp(
  page: Page,
  email: string,
  password: string,
  name = 'Ada Lovelace',
  { developer = true }: { developer?: boolean } = {},
) {
  await open(page, '/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await byId(page, 'SIGN_UP_SUBMIT').click();
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
  if (developer) await becomeDeveloper(page);
}

/** A client made with the portal's own server function (the form's field
 * names); returns its id. clients.spec.ts clicks through the form itself. */
export async function createClient(page: Page, form: Record<string, string>): Promise<string> {
  const created = await page.request.post('/api/ui/create_client', { form });
  expect(created.ok(), await created.text()).toBeTruthy();
  return (await created.json()).client_id as string;
}

/** "Register applications" on the dashboard: accept the terms. */
export async function becomeDeveloper(page: Page) {
  await expect(byId(page, 'REGISTER_APPS')).toBeVisible();
  await page.waitForSelector('body[data-hydrated]');
  await page.getByLabel('I accept the developer terms').check();
  await byId(page, 'BECOME_DEVELOPER').click();
  await expect(byId(page, 'DASHBOARD_PREFIX')).toBeVisible();
}

export async function signIn(page: Page, email: string, password: string) {
  await open(page, '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await byId(page, 'SIGN_IN_SUBMIT').click();
}

export async function signOut(page: Page) {
  await byId(page, 'NAV_SIGN_OUT').click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(byId(page, 'NAV_SIGN_IN')).toBeVisible();
}

/** The WebAssembly files `page` asks for from now on. */
export function wasmRequests(page: Page): string[] {
  const wasm: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasm.push(request.url());
  });
  return wasm;
}

/** Rotates the signing keys from `/admin/keys`, confirming in the dialog. */
export async function rotateKeys(page: Page) {
  await page.getByRole('button', { name: 'Rotate signing keys' }).click();
  await confirmDialog(page, 'Rotate keys', 'Tokens already issued stay valid');
}

/**
 * Makes `email` an admin of the Portico whose data is in `dataDir`, the
 * way an operator does: `portico admin create`.
 */
export function createAdmin(email: string, password: string, dataDir = 'end2end/.data') {
  const bin = process.env.E2E_PORTICO_BIN ?? `${process.env.HOME}/.cache/portico-target/release/portico`;
  execFileSync(bin, ['admin', 'create', '--email', email, '--name', 'Root Admin', '--password-stdin'], {
    cwd: path.join(__dirname, '../..'),
    input: password,
    env: { ...process.env, PORTICO_DATA_DIR: dataDir, PORTICO_LOG: 'warn' },
  });
}

/** The folder the test SMTP server (or Portico's file mail) writes to. */
function mailFolder(): string {
  return process.env.E2E_MAILDIR
    ? path.join(process.env.E2E_MAILDIR, 'new')
    : path.join(__dirname, '../.data/mail');
}

/** A message's text with quoted-printable and base64 parts decoded. */
function decodeMail(raw: string): string {
  const text = raw.replace(/\r\n/g, '\n');
  return text.split('\n--').map((part) => {
    const cut = part.indexOf('\n\n');
    const head = cut < 0 ? part : part.slice(0, cut);
    const body = cut < 0 ? '' : part.slice(cut + 2);
    const enc = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
    if (enc === 'base64') return head + '\n' + Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (enc === 'quoted-printable') {
      const joined = body.replace(/=\n/g, '');
      return head + '\n' + Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
    }
    return part;
  }).join('\n');
}

/** Waits for a message to `to` (containing `text`, when given) in the
 * portal's mail, or `folder`, and returns its decoded text. */
export async function readMail(to: string, text = '', folder = mailFolder()): Promise<string> {
  const { readdirSync } = await import('node:fs');
  for (let i = 0; i < 100; i++) {
    let names: string[] = [];
    try { names = readdirSync(folder); } catch { /* not there yet */ }
    for (const name of names) {
      const mail = decodeMail(readFileSync(path.join(folder, name), 'utf8'));
      if (mail.includes(`To: ${to}`) && mail.includes(text)) return mail;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no email to ${to} with ${JSON.stringify(text)} in ${folder} within 20 s`);
}

/** Answers the open confirmation dialog with its button `verb`, after
 * checking it says what will happen (`says`). */
export async function confirmDialog(page: Page, verb: string, says: string | RegExp) {
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(says);
  await dialog.getByRole('button', { name: verb, exact: true }).click();
  await expect(dialog).toHaveCount(0);
}

/** What an authenticator app shows for `secret` (base32) at time step `step`. */
export function totp(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let value = 0;
  let bits = 0;
  for (const c of secret.replace(/\s/g, '')) {
    value = ((value << 5) | alphabet.indexOf(c)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

export const stepNow = () => Math.floor(Date.now() / 1000 / 30);
