import { seedDemoCompany } from '../seed/demo-company.js';
import { openRecordsStorage } from '../roster/records-storage.js';
import { parseFlags, type Command } from './command.js';

/** `seed`: the demo company (≈30 people, Li and Zhang included); once, and only in demo mode. */
export const seedCommand: Command = {
  name: 'seed',
  async run({ config, args }) {
    const { flags } = parseFlags(args);
    if (!config.demo && flags.get('force') !== true) {
      process.stderr.write('refusing to seed demo people outside demo mode (DINGTALK_CLIENT_ID is set); pass --force if you mean it\n');
      return 1;
    }
    const ctx = await openRecordsStorage(config);
    try {
      const result = await seedDemoCompany(ctx);
      process.stdout.write(result.seeded ? `seeded the demo company: ${result.employees} people\n` : 'employees exist already; nothing seeded\n');
      return 0;
    } finally {
      await ctx.db.close();
    }
  },
};
