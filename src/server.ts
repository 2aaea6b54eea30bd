import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { isBroadsheetError } from './core/errors.ts';
import { seedDemo } from './demo/seed-demo.ts';
import { openServices } from './services.ts';

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
      app.log.info(`created the demo edition: ${seeded.articles} articles in ${seeded.sections} sections`);
      // The demo's first admin gets a one-time link instead of a password printed in clear.
      const { link } = await services.auth.bootstrapAdmin({ email: 'admin@example.com', name: 'Demo Admin' });
      demoAdminLink = link;
    }
  }
  await services.start(app.log);
  await app.listen({ port: config.port, host: config.host });
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
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (isBroadsheetError(err)) {
    console.error(`broadsheet: ${err.code}: ${err.message}${err.help ? `\n${err.help}` : ''}`);
  } else {
    console.error('broadsheet: failed to start:', err);
  }
  process.exit(1);
});
