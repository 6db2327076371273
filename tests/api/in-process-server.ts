import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../scripts/app/config.js';
import { createLogger } from '../../scripts/app/logger.js';
import { startServer, type RunningServer } from '../../scripts/app/server.js';

/** The real composition root in this process (demo mode, fresh SQLite file, real HTTP on 127.0.0.1). */
export async function startDemoServer(extraEnv: Record<string, string> = {}): Promise<RunningServer & { baseUrl: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-api-'));
  const { config } = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    BOUNDARY_DATA_DIR: join(dir, 'data'),
    DATABASE_URL: join(dir, 'data', 'boundary.sqlite'),
    LOG_LEVEL: 'silent',
    ...extraEnv,
  });
  const running = await startServer(config, createLogger('silent'));
  return Object.assign(running, { baseUrl: `http://127.0.0.1:${running.port}`, dir });
}
