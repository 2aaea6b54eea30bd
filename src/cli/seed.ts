import { mkdir } from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { isBroadsheetError } from '../core/errors.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { LocalMediaFiles } from '../storage/media/local-media-files.ts';
import { SharpImageProcessor } from '../storage/media/sharp-image-processor.ts';
import { openStorage } from '../storage/open-storage.ts';

/** `npm run seed`: fills an empty database with the demo edition (a database with content is left alone). */
async function main(): Promise<void> {
  const config = loadConfig();
  await mkdir(config.mediaDir, { recursive: true });
  const storage = await openStorage(config.databaseUrl);
  try {
    const result = await seedDemo({
      storage,
      files: new LocalMediaFiles(config.mediaDir),
      processor: new SharpImageProcessor(),
      now: Date.now(),
    });
    console.log(result ? `Created the demo edition: ${result.articles} articles.` : 'The database already has content; nothing changed.');
  } finally {
    await storage.close();
  }
}

main().catch((err: unknown) => {
  console.error(isBroadsheetError(err) ? `error: ${err.code}: ${err.message}` : err);
  process.exit(1);
});
