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

/** Every module a file names: static imports and re-exports, `import type`, `import('x')` and `require('x')`. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const staticSpecs = [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
  const bare = [...text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
  const dynamic = [...text.matchAll(/\b(?:import|require)\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g)].map((m) => m[1] as string);
  return [...staticSpecs, ...bare, ...dynamic];
}

/** The source file a relative specifier names, or undefined for packages and node built-ins. */
function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(ROOT, join(ROOT, from, '..', spec));
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

test('the import scanner sees dynamic imports and type imports (so the rules below cannot be dodged)', () => {
  const specs = imports('test/unit/registry-and-layers.test.ts');
  assert.ok(specs.includes('node:fs') && specs.includes('../../src/core/errors.ts'));
  assert.ok(imports('src/web/admin/routes/api-routes.ts').includes('fastify'), "import('fastify') in a type position counts");
});

test('core imports nothing outside core (no framework, database or cache clients, no files, sockets or processes)', () => {
  const forbidden = /^(fastify|@fastify\/|kysely|pg|better-sqlite3|ioredis|preact|sharp|nodemailer|(node:)?(fs|fs\/promises|net|http|https|http2|tls|dgram|dns|child_process|worker_threads|cluster))($|\/)/;
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

test('web never sees storage: no Storage or Repositories type reaches a route or page', () => {
  for (const file of sourceFiles('src/web')) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"][^'"]*core\/ports\.ts['"]/g)) {
      const names = (m[1] as string).split(',').map((n) => n.replace(/^\s*type\s+/, '').trim());
      for (const banned of ['Storage', 'Repositories']) assert.ok(!names.includes(banned), `${file} imports ${banned}: give it a core operation instead`);
    }
  }
});

test('no import cycles in src (type imports included)', () => {
  const files = new Set(sourceFiles('src'));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    edges.set(file, imports(file).map((spec) => resolveLocal(file, spec)).filter((t): t is string => t !== undefined && files.has(t)));
  }
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), file, next].join(' → '));
      else if (!state.has(next)) visit(next, [...path, file]);
    }
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, []);
  assert.deepEqual(cycles, []);
});

test('no source file outside src/demo grows past 450 lines (split it by concept instead)', () => {
  const long = sourceFiles('src')
    .filter((file) => !file.startsWith('src/demo/'))
    .map((file) => ({ file, lines: readFileSync(join(ROOT, file), 'utf8').split('\n').length }))
    .filter((f) => f.lines > 450);
  assert.deepEqual(long, []);
});
