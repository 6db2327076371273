import { loadConfig } from '../../scripts/app/config.js';
import { createLogger } from '../../scripts/app/logger.js';
import { APP_MODULES } from '../../scripts/app/modules/index.js';
import { startServer } from '../../scripts/app/server.js';

/**
 * One Boundary instance for the multi-instance test: the real composition root (every module,
 * config from the environment), plus an IPC hook so the test can make a scheduled job's tick fire
 * on every instance at the same moment instead of waiting for cron.
 */
const { config } = loadConfig(process.env);
const log = createLogger(config.logLevel);
const running = await startServer(config, log);

process.on('message', (m: { run?: string; id?: number }) => {
  if (!m.run) return;
  const job = APP_MODULES.flatMap((mod) => mod.jobs?.(running.services) ?? []).find((j) => j.name === m.run);
  if (!job) return process.send?.({ id: m.id, error: `no job ${m.run}` });
  void running.jobs.runNow(job).then(() => process.send?.({ id: m.id, ran: m.run }));
});
process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
process.send?.({ port: running.port });
