import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { CachedImageProcessor } from './cached-image-processor.ts';
import { createServices, resolveSecret, type Services } from '../../src/services.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { ManualClock, TEST_NOW } from './clock.ts';
import { sqliteDialect, type TestDialect } from './dialects.ts';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly services: Services;
  readonly clock: ManualClock;
  readonly config: Config;
  close(): Promise<void>;
}

/**
 * A real app over a real database (SQLite file or a PostgreSQL schema), seeded with the demo
 * edition at TEST_NOW, with the clock under the test's control.
 */
export async function startTestApp(
  options: { dialect?: TestDialect; seed?: boolean; env?: Record<string, string>; app?: AppOptions } = {},
): Promise<TestApp> {
  const db = await (options.dialect ?? sqliteDialect).create();
  const mediaDir = mkdtempSync(join(tmpdir(), 'broadsheet-media-'));
  const config = loadConfig({
    BROADSHEET_DATABASE_URL: db.url,
    BROADSHEET_MEDIA_DIR: mediaDir,
    BROADSHEET_PUBLIC_URL: 'http://localhost:3000',
    BROADSHEET_DEMO: 'true',
    ...options.env,
  });
  const clock = new ManualClock(TEST_NOW);
  const storage = await openStorage(config.databaseUrl);
  const services = createServices(config, storage, await resolveSecret(config, storage), clock);
  if (options.seed !== false) await seedDemo({ ...services, processor: new CachedImageProcessor(services.processor), now: clock.now() });
  await services.start();
  const app = await buildApp(services, options.app);
  await app.ready();
  return {
    app,
    services,
    clock,
    config,
    async close() {
      await app.close();
      await services.stop();
      await db.cleanup();
      rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}
