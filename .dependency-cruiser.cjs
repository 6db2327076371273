/** The dependency rule (style.md): core imports nothing of the frameworks;
 *  bot and miniapp never reach into each other or into storage. */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-framework',
      severity: 'error',
      comment: 'core is framework-free: no koa, mikro-orm, axios, node-cron (or other adapters).',
      from: { path: '^core/' },
      to: { path: ['node_modules/(koa|@koa|@mikro-orm|axios|node-cron|pino|nodemailer|better-sqlite3|pg|knex|dingtalk-stream|react)'] },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'core points inward only.',
      from: { path: '^core/' },
      to: { path: '^(storage|bot|miniapp|scripts)/' },
    },
    {
      name: 'storage-imports-no-edges',
      severity: 'error',
      from: { path: '^storage/' },
      to: { path: '^(bot|miniapp|scripts)/' },
    },
    {
      name: 'bot-not-miniapp-or-storage',
      severity: 'error',
      from: { path: '^bot/' },
      to: { path: '^(miniapp|storage|scripts)/' },
    },
    {
      name: 'miniapp-not-bot-or-storage',
      severity: 'error',
      from: { path: '^miniapp/' },
      to: { path: '^(bot|storage|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|miniapp/web/dist/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
