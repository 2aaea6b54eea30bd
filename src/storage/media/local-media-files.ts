import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { MediaFiles } from '../../core/ports.ts';

const KEY = /^[a-z0-9][a-z0-9/_-]*\.[a-z0-9]{2,5}$/;

/** Media bytes in a folder on local disk, written atomically (temp file + rename). */
export class LocalMediaFiles implements MediaFiles {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file path for a key, refusing anything that could leave the media folder. */
  pathFor(key: string): string {
    if (!KEY.test(key) || key.includes('..') || key.includes('//')) throw new Error(`invalid media key "${key}"`);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new Error(`invalid media key "${key}"`);
    return path;
  }

  async put(key: string, bytes: Buffer): Promise<boolean> {
    const path = this.pathFor(key);
    if (await exists(path)) return false;
    await mkdir(dirname(path), { recursive: true });
    const temp = join(dirname(path), `.tmp-${randomBytes(6).toString('hex')}`);
    await writeFile(temp, bytes);
    await rename(temp, path);
    return true;
  }

  async read(key: string): Promise<Buffer> {
    return readFile(this.pathFor(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathFor(key), { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
