import { loadConfig } from '../config.ts';
import { isBroadsheetError } from '../core/errors.ts';
import { connect, migrate } from '../storage/open-storage.ts';

/** `npm run migrate`: applies pending migrations to the configured database and lists them. */
async function main(): Promise<void> {
  const config = loadConfig();
  const connection = connect(config.databaseUrl);
  try {
    const applied = await migrate(connection);
    console.log(applied.length === 0 ? 'The database is up to date.' : `Applied: ${applied.join(', ')}`);
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(isBroadsheetError(err) ? `error: ${err.code}: ${err.message}` : err);
  process.exit(1);
});
