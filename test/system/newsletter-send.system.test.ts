import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openStorage } from '../../src/storage/open-storage.ts';
import { freePort, ServerProcess } from '../helpers/server-process.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';
import { until } from '../helpers/wait.ts';

/*
 * 10,000 recipients to a real SMTP server on 127.0.0.1; the sending server process is killed (-9) at a
 * random point three times and started again. Everyone gets the edition, nobody gets two different
 * copies: what was in flight at a kill may arrive again as the same message (same Message-ID).
 */

const RECIPIENTS = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'broadsheet-send-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('10,000 recipients, the sender killed three times: everyone gets exactly one message', { timeout: 240_000 }, async (t) => {
  const smtp = await startSmtpSink();
  const db = `sqlite:${join(dir, 'send.db')}`;
  const env = {
    BROADSHEET_DATABASE_URL: db, BROADSHEET_MEDIA_DIR: join(dir, 'media'), BROADSHEET_SMTP_URL: smtp.url,
    BROADSHEET_PUBLIC_URL: 'https://news.example.com', BROADSHEET_NEWSLETTER_RATE: '10000', BROADSHEET_NEWSLETTER_POLL_MS: '20', BROADSHEET_NEWSLETTER_CLAIM_MS: '1500',
  };
  // The first start makes the database; then the test writes a newsletter, its subscribers and an edition.
  const first = new ServerProcess(await freePort(), { ...env, BROADSHEET_NEWSLETTER_SENDING: 'false' });
  await first.start();
  await first.stop('SIGTERM');
  const storage = await openStorage(db);
  let editionId: number;
  try {
    const now = Date.now();
    editionId = await storage.transaction(async (tx) => {
      const newsletterId = await tx.newsletters.create({ slug: 'daily', name: 'Daily', description: '', senderName: 'Desk', kind: 'regular', at: now });
      for (let i = 0; i < RECIPIENTS; i++) {
        const m = await tx.members.create({ email: `r${i}@example.com`, source: 'newsletter', sourceDetail: 'daily', at: now });
        await tx.newsletters.subscribe(newsletterId, m.id, now);
      }
      const id = (await tx.newsletters.createEdition({ newsletterId, subject: 'Today', text: 'The news.', html: '<p>The news.</p>', articleId: null, at: now }))!;
      assert.ok(await tx.newsletters.queueRecipients(id));
      return id;
    });
  } finally {
    await storage.close();
  }

  const progress = async () => {
    const s = await openStorage(db);
    try {
      return await s.newsletters.progress(editionId);
    } finally {
      await s.close();
    }
  };
  for (let kill = 0; kill < 3; kill++) {
    const sender = new ServerProcess(await freePort(), env);
    await sender.start();
    const target = smtp.mails.length + 500 + Math.floor(Math.random() * 1500);
    await until(() => smtp.mails.length >= target, `${target} mails before kill ${kill + 1}`, 60_000, 2);
    await sender.stop('SIGKILL');
  }
  const last = new ServerProcess(await freePort(), env);
  await last.start();
  await until(async () => (await progress()).queued === 0, async () => `every recipient done (${JSON.stringify(await progress())}, ${smtp.mails.length} received)`, 120_000, 100);
  await last.stop('SIGTERM');
  await smtp.close();

  const byRecipient = new Map<string, Set<string>>();
  for (const m of smtp.mails) {
    const ids = byRecipient.get(m.to) ?? new Set<string>();
    ids.add(m.messageId);
    byRecipient.set(m.to, ids);
  }
  assert.equal(byRecipient.size, RECIPIENTS, 'nobody skipped');
  const twoDifferent = [...byRecipient].filter(([, ids]) => ids.size !== 1);
  assert.deepEqual(twoDifferent, [], 'nobody got two different messages');
  const again = smtp.mails.length - RECIPIENTS;
  t.diagnostic(`${again} mails arrived again as the same message after the kills`);
  assert.ok(again <= 3 * 8, `${again} mails repeated as the same message: at most those in flight at the three kills`);
  assert.deepEqual(await progress(), { queued: 0, sent: RECIPIENTS, failed: 0 });
});
