import { report, machine, rssMiB, startBuiltServer, tempDir } from './bench-support.js';

/**
 * Cold start to /readyz and idle RSS of the built server in demo mode on a fresh SQLite
 * file (first start: migrations + demo seed) and on a warm restart. Targets: ≤ 1.5 s, ≤ 150 MB.
 */
export async function runStartupBench(): Promise<void> {
  const cwd = tempDir('startup');
  const rows: Array<[string, string | number, string?]> = [];
  for (const label of ['first start (migrate + seed)', 'restart']) {
    const t0 = process.hrtime.bigint();
    const server = await startBuiltServer({}, cwd);
    let ready = false;
    while (!ready) {
      const res = await fetch(`${server.baseUrl}/readyz`).catch(() => null);
      ready = res?.status === 200;
      if (!ready) await new Promise((r) => setTimeout(r, 10));
    }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    await new Promise((r) => setTimeout(r, 2000)); // let it settle to idle
    const rss = rssMiB(server.child.pid!);
    rows.push([`${label}: spawn → /readyz 200`, `${ms.toFixed(0)} ms`, 'target ≤ 1500 ms']);
    rows.push([`${label}: idle RSS`, `${rss.toFixed(0)} MiB`, 'target ≤ 150 MB']);
    await server.stop();
  }
  report(`startup and footprint — ${machine()}`, rows);
}

if (import.meta.url === `file://${process.argv[1]}`) await runStartupBench();
