// A node:test reporter that writes what ran and what did not as JSON, for scripts/run-tests.mjs to
// print as the run's last line. Skipped tests carry their reason (test/helpers/requirements.ts).
export default async function* summaryReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const files = new Set();
  const notRun = [];
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const data = event.data;
    // A skip registered by a helper is reported from the helper's file: that is not a test file.
    const file = data.file && !data.file.includes('/test/helpers/') ? data.file : undefined;
    if (file) files.add(file);
    if (data.details?.type === 'suite') continue;
    if (data.skip !== undefined && data.skip !== false) {
      counts.skipped++;
      notRun.push({ name: data.name, reason: typeof data.skip === 'string' ? data.skip : 'skipped', file: file ?? '' });
    } else if (data.todo !== undefined && data.todo !== false) counts.todo++;
    else if (event.type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  yield `${JSON.stringify({ ...counts, files: files.size, notRun })}\n`;
}
