import { defineConfig } from '@playwright/test';

// Starts the release build on a fresh SQLite database and drives it in
// Debian's Chromium (Playwright's own browser download is not used).
const port = Number(process.env.E2E_PORT ?? 3107);
const bin = process.env.E2E_PORTICO_BIN ?? `${process.env.HOME}/.cache/portico-target/release/portico`;
export const dataDir = 'end2end/.data';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/report.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && exec ${bin} serve`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORTICO_BIND: `127.0.0.1:${port}`,
      PORTICO_DATA_DIR: dataDir,
      PORTICO_LOG: 'warn',
      LEPTOS_SITE_ROOT: 'target/site',
      PORTICO_OUTBOX_POLL_MS: '200',
      // People sign up as developers here without opening the link first
      // (integration tests cover the requirement).
      PORTICO_REQUIRE_VERIFIED_EMAIL: 'off',
      // Every spec signs people up from 127.0.0.1.
      PORTICO_SIGNUPS_PER_HOUR: '1000',
      // Admins' approval digests: checked every second, one per second at
      // most, so a test sees the one its own change causes.
      PORTICO_APPROVAL_CHECK_SECONDS: '1',
      PORTICO_APPROVAL_DIGEST_GAP_SECONDS: '1',
      // test.sh starts a real SMTP server; without it, mail goes to
      // end2end/.data/mail/*.eml (see `readMail` in tests/support.ts).
      ...(process.env.E2E_SMTP_URL ? { PORTICO_SMTP_URL: process.env.E2E_SMTP_URL } : {}),
    },
  },
});
