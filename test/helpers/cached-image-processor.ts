import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ImageProcessor, ProcessedImage } from '../../src/core/ports.ts';

const DIR = new URL('../../node_modules/.cache/broadsheet-test-images/', import.meta.url).pathname;

/**
 * The demo edition's images, processed by sharp once per machine and then read back: every test app
 * seeds the same 14 pictures, and processing them is half of a test app's start (about 2.5 s of CPU,
 * times some 90 starts a run). The first run processes them for real; the results are sharp's own
 * output, kept by content hash (a changed processor or picture is a new key). Used only for the demo
 * seed: every upload a test makes is processed as in production.
 */
export class CachedImageProcessor implements ImageProcessor {
  readonly #inner: ImageProcessor;

  constructor(inner: ImageProcessor) {
    this.#inner = inner;
    mkdirSync(DIR, { recursive: true });
  }

  async #cached<T>(parts: readonly (string | Buffer)[], make: () => Promise<T>): Promise<T> {
    const hash = createHash('sha256');
    for (const p of parts) hash.update(p);
    const file = join(DIR, hash.digest('hex'));
    try {
      return deserialize(readFileSync(file)) as T;
    } catch {
      const value = await make();
      // Written beside and renamed: a process reading at the same moment sees all of it or none.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, serialize(value));
      renameSync(tmp, file);
      return value;
    }
  }

  process(bytes: Buffer): Promise<ProcessedImage> {
    return this.#cached(['process v1', bytes], () => this.#inner.process(bytes));
  }

  crop(original: Buffer, focal: { x: number; y: number }, aspect: number, widths: readonly number[]): Promise<{ width: number; height: number; bytes: Buffer }[]> {
    return this.#cached(['crop v1', JSON.stringify({ focal, aspect, widths }), original], () => this.#inner.crop(original, focal, aspect, widths));
  }
}
