import { isbot } from 'isbot';

/** What the collect endpoint knows of a view request, transport-free. */
export interface ViewRequest {
  readonly method: string;
  readonly userAgent: string | undefined;
  /** `Sec-Purpose` / `Purpose` header: "prefetch", "prefetch;prerender". */
  readonly purpose: string | undefined;
}

/** Why a view is not counted, or undefined when it is. */
export type ViewRejection = 'bot' | 'prefetch' | 'method';

/**
 * Only real page views count: not crawlers (isbot's user-agent list), not speculative
 * prefetch or prerender, not HEAD. The beacon runs client-side, so non-JS fetchers never
 * reach this at all (research: reliability-security §6.1).
 */
export function rejectView(request: ViewRequest): ViewRejection | undefined {
  if (request.method !== 'POST') return 'method';
  if (request.purpose && /prefetch|prerender/i.test(request.purpose)) return 'prefetch';
  if (!request.userAgent || isbot(request.userAgent)) return 'bot';
  return undefined;
}
