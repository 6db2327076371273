import { startServer } from '../app/server.js';
import type { Command } from './command.js';

export const serveCommand: Command = {
  name: 'serve',
  async run({ config, log }) {
    const running = await startServer(config, log, { testRoutes: process.env.BOUNDARY_TEST_ROUTES === '1' });
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        log.error('shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      running.close().then(
        () => {
          log.info('shutdown complete');
          process.exit(0);
        },
        (e: unknown) => {
          log.error({ err: { type: (e as Error)?.name } }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    return -1;
  },
};
