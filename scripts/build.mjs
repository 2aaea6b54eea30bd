#!/usr/bin/env node
// Builds what the server runs, ahead of time (issue 16): the server and CLI as JavaScript bundles in
// dist/ (our code bundled, packages left to node_modules), and the newsroom editor's browser bundle in
// public/build/. Run by `npm install` (prepare), and by `npm start` and `npm test` when a source is
// newer than the last build. `--if-stale` builds only then.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist/.built');

/** The newest modification time under the build's inputs. */
function newestInput() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  for (const file of ['package-lock.json', 'package.json', 'tsconfig.json', 'scripts/build.mjs']) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
}

export async function buildIfStale() {
  if (builtAt() > newestInput()) return false;
  await buildAll();
  return true;
}

export async function buildAll() {
  const started = performance.now();
  await Promise.all([
    build({
      absWorkingDir: root,
      entryPoints: {
        server: 'src/server.ts',
        import: 'src/cli/import.ts',
        migrate: 'src/cli/migrate.ts',
        seed: 'src/cli/seed.ts',
        user: 'src/cli/user.ts',
        // The view flush thread's entry, beside the chunks (storage/worker-view-sink.ts finds it there).
        'view-flush-worker': 'src/storage/sqlite/view-flush-worker.ts',
      },
      outdir: 'dist',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Packages are bundled too (tree-shaken, one file to load instead of hundreds: start time),
      // except those with native code or files of their own that they load by path.
      // @fastify/cookie import()s its cookie module and needs Node's own CommonJS interop (named exports).
      external: ['better-sqlite3', 'sharp', 'esbuild', 'pg-native', '@fastify/cookie'],
      // CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
      banner: { js: "import { createRequire as __bsCreateRequire } from 'node:module'; const require = __bsCreateRequire(import.meta.url);" },
      sourcemap: 'linked',
      chunkNames: 'chunk-[hash]',
      logLevel: 'warning',
    }),
    build({
      absWorkingDir: root,
      entryPoints: ['src/client/editor.ts'],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      minify: true,
      legalComments: 'linked',
      outfile: 'public/build/editor.js',
      logLevel: 'warning',
    }),
    build({
      absWorkingDir: root,
      entryPoints: ['src/client/page-editor.ts'],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      minify: true,
      legalComments: 'linked',
      outfile: 'public/build/page-editor.js',
      logLevel: 'warning',
    }),
  ]);
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  console.log(`broadsheet: built dist/ and public/build/ in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale')) await buildIfStale();
  else await buildAll();
}
