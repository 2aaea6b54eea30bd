import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ERRORS } from '../../src/core/errors.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

test('every error code is documented in docs/errors.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
  const missing = Object.keys(ERRORS).filter((code) => !doc.includes(`\`${code}\``));
  assert.deepEqual(missing, [], `add these codes to docs/errors.md: ${missing.join(', ')}`);
});

test('error codes follow BS_ERR_<AREA>_<WHAT> and messages are filled from the registry', () => {
  for (const [code, entry] of Object.entries(ERRORS)) {
    assert.match(code, /^BS_ERR_[A-Z]+_[A-Z_]+$/);
    assert.ok(entry.status >= 400 && entry.status < 600, code);
  }
});

test('core imports nothing outside core (no framework, database or cache clients)', () => {
  const forbidden = /^(fastify|@fastify\/|kysely|pg|better-sqlite3|ioredis|preact|sharp)($|\/)/;
  for (const file of sourceFiles('src/core')) {
    for (const spec of imports(file)) {
      assert.ok(!forbidden.test(spec), `${file} imports ${spec}`);
      if (spec.startsWith('.')) {
        const target = relative(ROOT, join(ROOT, file, '..', spec));
        assert.ok(target.startsWith('src/core/'), `${file} reaches outside core: ${spec}`);
      }
    }
  }
});

test('storage does not import web; web does not import storage', () => {
  for (const file of sourceFiles('src/storage')) {
    for (const spec of imports(file)) assert.ok(!spec.includes('/web/') && !/^(fastify|preact)/.test(spec), `${file} imports ${spec}`);
  }
  for (const file of sourceFiles('src/web')) {
    for (const spec of imports(file)) assert.ok(!spec.includes('/storage/') && !/^(kysely|pg|better-sqlite3)/.test(spec), `${file} imports ${spec}`);
  }
});
