import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { ensureVerdaccio } from '../setup-registry.mjs';
import { httpJson } from './http.js';

/** A Verdaccio registry on loopback with its storage in a temp folder and no uplinks. */
export interface LocalRegistry {
  url: string;
  host: string;
  storage: string;
  /** Auth token of the test user (publish and read need it). */
  token: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForPing(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await httpJson('GET', `${url}-/ping`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Verdaccio did not answer within 60 s:\n${log()}`);
}

/**
 * Starts Verdaccio (installed on demand by setup-registry.mjs) on 127.0.0.1: nothing is
 * proxied (no uplinks), every package needs an authenticated user to read or publish,
 * and a test user is registered to get a token.
 */
export async function startRegistry(root: string): Promise<LocalRegistry> {
  const bin = ensureVerdaccio((line) => process.stdout.write(`      ${line}\n`));
  const storage = path.join(root, 'storage');
  mkdirSync(storage, { recursive: true });
  const config = path.join(root, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(storage)}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(root, 'htpasswd'))}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $authenticated',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}/`;
  let output = '';
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', host], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await waitForPing(url, child, () => output);
  const { body } = (await httpJson('PUT', `${url}-/user/org.couchdb.user:tester`, {
    body: { name: 'tester', password: 'e2e-secret-password' },
  })) as { body: { token?: string } };
  if (body.token === undefined) throw new Error(`could not register the test user: ${JSON.stringify(body)}`);
  return {
    url,
    host,
    storage,
    token: body.token,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
