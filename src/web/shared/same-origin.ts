import type { FastifyRequest } from 'fastify';
import { BroadsheetError } from '../../core/errors.ts';

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when an Origin header names this server (default ports normalised away). */
export function sameOrigin(origin: string, request: FastifyRequest): boolean {
  try {
    return new URL(origin).host === new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    return false;
  }
}

/** A browser tells us where a request came from; a state-changing one from another site is refused outright (before the CSRF token is checked). */
export function refuseCrossSite(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new BroadsheetError('BS_ERR_AUTH_CSRF');
  const origin = request.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, request)) throw new BroadsheetError('BS_ERR_AUTH_CSRF');
}
