import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { validate } from '@readme/openapi-parser';
import { ERRORS } from '../../src/core/errors.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

/* The API's OpenAPI document: valid OpenAPI 3.1, complete (every /api/ route), errors from the registry. */

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t?.close());

test('the document is valid OpenAPI 3.1 and lists every API route the server has', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, { content: { 'application/json': { schema: { properties: { error: { properties: { code: { enum: string[] } } } } } } } }> }>> };
  assert.equal(doc.openapi, '3.1.0');
  const result = await validate(structuredClone(doc) as never);
  assert.equal(result.valid, true, JSON.stringify((result as { errors?: unknown }).errors ?? result));
  const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)));
  const routes = t.app.apiRoutes.filter((r) => !r.includes('/api/docs'));
  assert.ok(routes.length >= 10, routes.join(', '));
  for (const route of routes) assert.ok(documented.has(route), `${route} is not in the OpenAPI document`);
  for (const route of documented) assert.ok(routes.includes(route), `${route} is documented but not served`);
  // Every documented answer names the registry's error codes.
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) assert.deepEqual(op.responses['4XX']!.content['application/json'].schema.properties.error.properties.code.enum, Object.keys(ERRORS));
  }
});

test('the reference page lists the routes, escaped', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /^text\/html/);
  assert.match(res.body, /GET \/api\/content\/v1\/articles<\/code>/);
  assert.match(res.body, /<code>cursor<\/code>/);
});
