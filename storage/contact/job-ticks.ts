import type { Database } from '../database.js';

/**
 * Exactly once per scheduled tick across instances: the first instance to insert (job, tick)
 * into job_runs runs it; the others see the row and skip. Works alike on SQLite and PostgreSQL.
 */
export async function claimJobTick(db: Database, job: string, tick: string, instanceId: string, at: Date): Promise<boolean> {
  const res = (await db
    .fork()
    .getConnection()
    .execute('insert into job_runs (job, tick, instance_id, started_at) values (?, ?, ?, ?) on conflict do nothing', [job, tick, instanceId, at.toISOString()], 'run')) as {
    affectedRows?: number;
    changes?: number;
    rowCount?: number;
  };
  return (res.affectedRows ?? res.changes ?? res.rowCount ?? 0) === 1;
}

export async function finishJobTick(db: Database, job: string, tick: string, at: Date): Promise<void> {
  await db.fork().getConnection().execute('update job_runs set finished_at = ? where job = ? and tick = ?', [at.toISOString(), job, tick], 'run');
}
