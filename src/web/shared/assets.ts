import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root: the nearest folder above this module holding package.json. This module runs
 * from src/web/shared/ (TypeScript through tsx) or from a bundle in dist/ (npm start), at different depths.
 */
function projectRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('broadsheet: no package.json above the running code');
  }
}

/** The folder of static assets served under /assets/. */
export const PUBLIC_DIR = `${join(projectRoot(), 'public')}/`;

/** The newsroom editor's browser bundle, built ahead by `npm run build` (scripts/build.mjs). */
export const EDITOR_BUNDLE = join(PUBLIC_DIR, 'build/editor.js');

/** `/assets/<file>?v=<content hash>`: a new URL whenever the file changes, so it can be cached for a year. */
export function assetUrl(file: string): string {
  const hash = createHash('sha256').update(readFileSync(new URL(file, `file://${PUBLIC_DIR}`))).digest('hex').slice(0, 12);
  return `/assets/${file}?v=${hash}`;
}
