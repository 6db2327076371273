#!/usr/bin/env node
import { ConfigError, loadConfig, type LoadedConfig } from './app/config.js';
import { createLogger, type Logger } from './app/logger.js';
import { COMMANDS } from './commands/index.js';

/** `boundary <command> [args]`: serve, migrate, and the operational commands. */
async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command || name === 'help' || name === '--help') {
    process.stdout.write(
      `Usage: boundary <command> [options]\n\nCommands:\n${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}\n`,
    );
    return command || name === 'help' || name === '--help' ? 0 : 2;
  }
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 78; // EX_CONFIG
    }
    throw e;
  }
  const log: Logger = createLogger(command.name === 'serve' ? loaded.config.logLevel : process.env.LOG_LEVEL ?? 'warn');
  for (const n of loaded.notices) log.warn(n);
  return (await command.load()).run({ config: loaded.config, log, args });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`boundary: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
