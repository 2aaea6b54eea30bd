import cluster from 'node:cluster';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { BroadsheetError, isBroadsheetError } from './core/errors.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { SERVED_URL_SETTING } from './core/ports.ts';
import { openServices } from './services.ts';

/** `--workers N` (or BROADSHEET_WORKERS): processes sharing the port (scaled mode only). */
function workerCount(): number {
  const i = process.argv.indexOf('--workers');
  const raw = i >= 0 ? process.argv[i + 1] : process.env.BROADSHEET_WORKERS;
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new BroadsheetError('BS_ERR_CONFIG_INVALID', { detail: `--workers must be a whole number from 1 to 256, not "${raw}"` });
  return n;
}

/**
 * The primary of a multi-process start: prepares the database once (migrations, demo edition),
 * then forks the workers, and replaces any that dies. Workers share the port (the cluster module
 * hands out connections) and everything else through PostgreSQL and Redis.
 */
async function primary(workers: number): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl.startsWith('postgres') || !config.redisUrl) {
    throw new BroadsheetError('BS_ERR_CONFIG_INVALID', {
      detail: '--workers needs BROADSHEET_DATABASE_URL=postgres://... and BROADSHEET_REDIS_URL=redis://... (SQLite runs in one process)',
    });
  }
  const services = await openServices(config);
  if (config.demo && (await seedDemo({ ...services, now: services.clock.now() }))) {
    const { link } = await services.auth.bootstrapAdmin({ email: 'admin@example.com', name: 'Demo Admin' });
    console.log(`\nNewsroom: the demo admin is admin@example.com. Set its password with this one-time link (valid 3 days):\n  ${link}`);
  }
  // The CLI prints links with the origin the site runs at, not its own shell's default (cli/public-url.ts).
  await services.storage.settings.put(SERVED_URL_SETTING, config.publicUrl);
  await services.storage.close();
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`broadsheet: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`\nBroadsheet is serving ${config.siteName} on port ${config.port} with ${workers} processes (postgres + redis)\n`);
}

/** Reads config, opens the database (creating and filling the demo edition on first start), listens. */
async function main(): Promise<void> {
  const config = loadConfig();
  let demoAdminLink: string | undefined;
  const services = await openServices(config);
  const app = await buildApp(services, {
    logger: { level: config.logLevel },
  });
  if (config.demo) {
    const seeded = await seedDemo({ ...services, now: services.clock.now() });
    if (seeded) {
      app.log.info(`created the demo edition: ${seeded.articles} articles in ${seeded.sections} sections (${seeded.subsections} sub-sections)`);
      // The demo's first admin gets a one-time link instead of a password printed in clear.
      const { link } = await services.auth.bootstrapAdmin({ email: 'admin@example.com', name: 'Demo Admin' });
      demoAdminLink = link;
    }
  }
  await services.start(app.log);
  await app.listen({ port: config.port, host: config.host });
  await services.storage.settings.put(SERVED_URL_SETTING, config.publicUrl);
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // Said plainly as well as in the JSON log: it is the line a new user is waiting for.
  if (demoAdminLink) {
    console.log(`\nNewsroom: the demo admin is admin@example.com. Set its password with this one-time link (valid 3 days):\n  ${demoAdminLink}\n(Lost it? npm run user -- reset-link --email admin@example.com)`);
  }
  console.log(`\nBroadsheet is serving ${config.siteName} at http://${shown}:${config.port}/ (${config.databaseUrl.split(':')[0]})\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal}: finishing requests, flushing view counts`);
    await app.close();
    await services.stop();
    // What a lost or refused view is told apart by: written + lost + unflushed = recorded.
    app.log.info({ counting: services.counting() }, 'view counting since start');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function run(): Promise<void> {
  const workers = cluster.isPrimary ? workerCount() : 1;
  if (cluster.isPrimary && workers > 1) return primary(workers);
  return main();
}

run().catch((err: unknown) => {
  if (isBroadsheetError(err)) {
    console.error(`broadsheet: ${err.code}: ${err.message}${err.help ? `\n${err.help}` : ''}`);
  } else {
    console.error('broadsheet: failed to start:', err);
  }
  process.exit(1);
});
