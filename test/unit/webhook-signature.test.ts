import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { retryDelay } from '../../src/core/webhooks/webhook-dispatcher.ts';
import { signPayload, verifySignature } from '../../src/core/webhooks/webhook-signature.ts';

/** The verification example in docs/api.md, run as a receiver would run it. */
async function docsVerifier(): Promise<(secret: string, body: string, header: string, now?: number) => boolean> {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const code = /```js\n([\s\S]*?verifyBroadsheet[\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(code, 'docs/api.md has the verification example');
  assert.ok(code.trim().split('\n').length <= 10, 'the example is at most 10 lines');
  const dir = mkdtempSync(join(tmpdir(), 'verify-'));
  try {
    writeFileSync(join(dir, 'verify.mjs'), code);
    return ((await import(join(dir, 'verify.mjs'))) as { verifyBroadsheet: (s: string, b: string, h: string, n?: number) => boolean }).verifyBroadsheet;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('what we sign, the documented example and our verifier accept; any change to body, secret or time outside the window is refused', async () => {
  const verify = await docsVerifier();
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ maxLength: 200 }), fc.integer({ min: 1_600_000_000_000, max: 2_000_000_000_000 }), fc.string({ minLength: 1, maxLength: 5 }), (secret, body, at, extra) => {
      const header = signPayload(secret, body, at);
      assert.ok(verify(secret, body, header, at + 1_000));
      assert.ok(verifySignature(secret, body, header, at + 1_000));
      assert.ok(!verify(secret, body + extra, header, at));
      assert.ok(!verify(secret + extra, body, header, at));
      assert.ok(!verify(secret, body, header, at + 301_000), 'outside the replay window');
      assert.ok(!verifySignature(secret, body + extra, header, at));
      assert.ok(!verifySignature(secret, body, header, at - 301_000));
    }),
    { numRuns: 200 },
  );
  for (const junk of ['', 't=abc,v1=00', 'v1=' + 'a'.repeat(64), 't=1,v1=zz', 't=1']) assert.equal(verifySignature('s', 'b', junk, 1_000), false, junk);
});

test('retry delays double from the base to the cap, each within its jitter band', () => {
  const options = { retryBaseMs: 30_000, retryCapMs: 3 * 3_600_000 };
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
      const full = Math.min(options.retryCapMs, options.retryBaseMs * 2 ** (attempt - 1));
      const d = retryDelay(attempt, options, () => r);
      assert.ok(d >= full / 2 - 1 && d <= full, `${attempt}: ${d}`);
    }),
  );
});
