import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Another Portico beside the one playwright.config.ts starts: its own port
// and database, its public URL on `localhost` (the first is on 127.0.0.1,
// so a browser keeps their cookies apart, and passkeys, which need a
// domain name, work there).

const bin = process.env.E2E_PORTICO_BIN ?? `${process.env.HOME}/.cache/portico-target/release/portico`;

export interface SecondPortico {
  url: string;
  /** Its data folder (its mail goes to `mail/` there). */
  dataDir: string;
  stop: () => void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts it (on `port`, or a free one) and waits until it is ready. */
export async function startSecondPortico(port?: number): Promise<SecondPortico> {
  const chosen = port ?? (await freePort());
  const url = `http://localhost:${chosen}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portico-second-'));
  const child: ChildProcess = spawn(bin, ['serve'], {
    cwd: path.join(__dirname, '../..'),
    stdio: 'ignore',
    env: {
      ...process.env,
      PORTICO_BIND: `127.0.0.1:${chosen}`,
      PORTICO_PUBLIC_URL: url,
      PORTICO_DATA_DIR: dataDir,
      PORTICO_LOG: 'warn',
      LEPTOS_SITE_ROOT: 'target/site',
      PORTICO_DEVELOPERS: 'automatic',
      PORTICO_REQUIRE_VERIFIED_EMAIL: 'off',
      PORTICO_SIGNUPS_PER_HOUR: '1000',
    },
  });
  const stop = () => {
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 120; i++) {
    const ready = await fetch(`http://127.0.0.1:${chosen}/readyz`).then((r) => r.ok, () => false);
    if (ready) return { url, dataDir, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error('the second Portico did not start within 30 s');
}
