#!/usr/bin/env node
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './platform/db/database.ts';
import { migrateToLatest } from './platform/db/migrate.ts';

const usage = `linli <command>

  start     run the server (seeds the demo city into an empty database)
  migrate   apply database migrations and exit
`;

async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'start';
  const config = loadConfig();
  switch (command) {
    case 'start': {
      const app = await createApp(config);
      const { maybeSeedDemo } = await import('./demo/seed.ts');
      const demo = config.demoSeed ? await maybeSeedDemo(app.ctx) : undefined;
      app.startBackground();
      const address = await app.server.listen({ port: config.port, host: config.host });
      const base = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
      const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
      const lines = [
        `linli is running at ${base} on ${where}`,
        `  API docs:  ${base}/api/docs  (JSON: ${base}/api/docs/json)`,
        `  health:    ${base}/health`,
      ];
      if (demo) lines.push(...demo.howToLogIn(base));
      process.stdout.write(`\n${lines.join('\n')}\n\n`);
      const stop = async () => {
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    case 'migrate': {
      const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const applied = await migrateToLatest(handle.db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      await handle.close();
      return;
    }
    default:
      process.stdout.write(usage);
      process.exitCode = command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
