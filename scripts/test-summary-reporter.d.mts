/** Types of the node:test reporter in test-summary-reporter.mjs (plain JavaScript, run by node directly). */
export default function summaryReporter(source: AsyncIterable<{ type: string; data: Record<string, unknown> }>): AsyncIterable<string>;
