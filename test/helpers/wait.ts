import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `condition` every `everyMs` until it holds (returns its value) or `timeoutMs` passes (throws,
 * naming `what`). The only way a test waits: never for a fixed time, always for what it needs to see.
 */
export async function until<T>(condition: () => T | Promise<T>, what: string | (() => Promise<string>), timeoutMs = 10_000, everyMs = 5): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : await what()}`);
    await delay(everyMs);
  }
}
