import type { Clock } from '../../src/core/ports.ts';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: number) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  set(at: number): void {
    this.#now = at;
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

/** 15:00 JST, March 6, 2026: the instant the test editions are seeded at. */
export const TEST_NOW = Date.parse('2026-03-06T06:00:00Z');
