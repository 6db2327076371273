import { Database } from '../../storage/database.js';
import type { Command } from './command.js';

export const migrateCommand: Command = {
  name: 'migrate',
  async run({ config }) {
    const db = await Database.open({ driver: config.database.driver, url: config.database.url });
    try {
      const applied = await db.migrate();
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      return 0;
    } finally {
      await db.close();
    }
  },
};
