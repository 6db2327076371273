import type { Command } from './command.js';
import { serveCommand } from './serve.command.js';
import { migrateCommand } from './migrate.command.js';
import { importCommand } from './import.command.js';
import { keysCommand } from './keys.command.js';
import { seedCommand } from './seed.command.js';
import { auditCommand } from './audit.command.js';
import { purgeCommand } from './purge.command.js';

export const COMMANDS: readonly Command[] = [serveCommand, migrateCommand, importCommand, keysCommand, seedCommand, auditCommand, purgeCommand];
