import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const SOURCE_DIR = fileURLToPath(new URL('../../client/', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../client/editor.ts', import.meta.url));
/** Served as /assets/build/editor.js. */
export const EDITOR_BUNDLE = fileURLToPath(new URL('../../../public/build/editor.js', import.meta.url));

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

let building: Promise<void> | undefined;

/**
 * Bundles the newsroom editor (TipTap/ProseMirror and our script) with esbuild into one local
 * file, when it is missing or older than its sources: no CDN, nothing fetched at run time.
 * Runs once per process; takes a fraction of a second.
 */
export function ensureClientBundle(): Promise<void> {
  building ??= (async () => {
    const sources = (await readdir(SOURCE_DIR)).map((f) => mtime(`${SOURCE_DIR}${f}`));
    const lockfile = mtime(fileURLToPath(new URL('../../../package-lock.json', import.meta.url)));
    if (mtime(EDITOR_BUNDLE) > Math.max(...sources, lockfile)) return;
    await build({
      entryPoints: [ENTRY],
      bundle: true,
      format: 'iife',
      target: 'es2020',
      minify: true,
      legalComments: 'linked',
      outfile: EDITOR_BUNDLE,
      logLevel: 'warning',
    });
  })();
  return building;
}
