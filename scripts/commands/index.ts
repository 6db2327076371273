import type { Command } from './command.js';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

/**
 * The CLI's commands, each loaded only when it runs: `audit export` or `purge` should not carry
 * the server's modules (HTTP, bot, mini-app) in memory, and `help` should need none of them.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'start the HTTP server (bot callbacks, mini-app, jobs); demo mode when DINGTALK_CLIENT_ID is unset',
    load: async () => (await import('./serve.command.js')).serveCommand,
  },
  { name: 'migrate', summary: 'apply pending database migrations and exit', load: async () => (await import('./migrate.command.js')).migrateCommand },
  {
    name: 'import',
    summary: 'import a roster (CSV/JSON); any bad row refuses the whole file and lists every problem',
    load: async () => (await import('./import.command.js')).importCommand,
  },
  {
    name: 'keys',
    summary: 'master keys: `status` (data keys per key id), `rotate` (re-wrap under BOUNDARY_MASTER_KEY)',
    load: async () => (await import('./keys.command.js')).keysCommand,
  },
  { name: 'seed', summary: 'seed the demo company (demo mode only; skipped when employees exist)', load: async () => (await import('./seed.command.js')).seedCommand },
  { name: 'audit', summary: 'access log: verify, checkpoint, pubkey, export, search, prune', load: async () => (await import('./audit.command.js')).auditCommand },
  { name: 'purge', summary: 'retention purge now (crypto-shredding); --dry-run lists what would go', load: async () => (await import('./purge.command.js')).purgeCommand },
];
