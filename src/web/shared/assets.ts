import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder of static assets served under /assets/. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../public/', import.meta.url));

/** `/assets/<file>?v=<content hash>`: a new URL whenever the file changes, so it can be cached for a year. */
export function assetUrl(file: string): string {
  const hash = createHash('sha256').update(readFileSync(new URL(file, `file://${PUBLIC_DIR}`))).digest('hex').slice(0, 12);
  return `/assets/${file}?v=${hash}`;
}
