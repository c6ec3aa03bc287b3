import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The data-testid values from app/src/ids.rs, so pages and tests agree. */
export const ids: Record<string, string> = Object.fromEntries(
  [...readFileSync(path.join(__dirname, '../../app/src/ids.rs'), 'utf8')
    .matchAll(/pub const (\w+): &str = "([^"]+)";/g)]
    .map(([, name, value]) => [name, value]),
);

export const byId = (page: Page, name: string) => {
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

export async function signUp(page: Page, email: string, password: string, name = 'Ada Lovelace') {
  await open(page, '/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await byId(page, 'SIGN_UP_SUBMIT').click();
  await expect(byId(page, 'DASHBOARD')).toBeVisible();
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

/** Creates an admin the way an operator does: `portico admin create`. */
export function createAdmin(email: string, password: string) {
  const bin = process.env.E2E_PORTICO_BIN ?? `${process.env.HOME}/.cache/portico-target/release/portico`;
  execFileSync(bin, ['admin', 'create', '--email', email, '--name', 'Root Admin', '--password-stdin'], {
    cwd: path.join(__dirname, '../..'),
    input: password,
    env: { ...process.env, PORTICO_DATA_DIR: 'end2end/.data', PORTICO_LOG: 'warn' },
  });
}
