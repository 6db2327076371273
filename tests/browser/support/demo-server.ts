import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, TSX_IMPORT, startServerProcess, type ServerProcess } from '../../support/server-process.js';

export interface DemoUser {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly roles: readonly string[];
}

/**
 * The real server in demo mode on a fresh SQLite file in a temp dir, with the demo company
 * seeded first by the CLI's `seed` command (a no-op if the server seeds it itself). `env` adds
 * server settings (e.g. PUBLIC_BASE_URL for a server that sits behind a public address).
 */
export async function startDemoServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const cwd = mkdtempSync(join(tmpdir(), 'boundary-browser-'));
  await promisify(execFile)(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'scripts/cli.ts'), 'seed'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
    timeout: 60_000,
  });
  return startServerProcess({ ...env, BOUNDARY_CWD: cwd }, 60_000);
}

/** The seeded people, as the login page lists them (so tests do not hard-code ids). */
export async function demoUsers(baseUrl: string): Promise<DemoUser[]> {
  const res = await fetch(`${baseUrl}/api/auth/demo-users`);
  if (!res.ok) throw new Error(`/api/auth/demo-users answered ${res.status}`);
  return ((await res.json()) as { users: DemoUser[] }).users;
}

export function withRole(users: readonly DemoUser[], role: string): DemoUser {
  const u = users.find((x) => x.roles.includes(role));
  if (!u) throw new Error(`the demo seed has nobody with role ${role}`);
  return u;
}
