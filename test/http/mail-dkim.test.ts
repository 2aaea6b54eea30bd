import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { mailTo } from '../helpers/members.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

/* DKIM: with a domain, selector and key configured, every mail leaves signed (nodemailer signs it). */
describe('mail signed with DKIM', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-dkim-'));
  const keyFile = join(dir, 'dkim.pem');

  before(async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    smtp = await startSmtpSink();
    t = await startTestApp({ env: { BROADSHEET_SMTP_URL: smtp.url, BROADSHEET_DKIM_DOMAIN: 'news.example.com', BROADSHEET_DKIM_SELECTOR: 'mail2026', BROADSHEET_DKIM_KEY_FILE: keyFile } });
  });
  after(async () => {
    await t?.close();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a reader’s sign-in mail carries a DKIM-Signature for the configured domain and selector', async () => {
    await t.services.members.requestLink({ email: 'signed.mail@example.com', source: 'account' }, '127.0.0.1');
    await t.services.members.settled();
    const mail = await mailTo(smtp.mails, 'signed.mail@example.com');
    const signature = mail.headers['dkim-signature'] ?? '';
    assert.match(signature, /\bd=news\.example\.com\b/);
    assert.match(signature, /\bs=mail2026\b/);
    assert.match(signature, /\ba=rsa-sha256\b/);
    assert.match(signature, /\bbh=[A-Za-z0-9+/=]{40,}/);
  });

  test('half a DKIM setting, or a key that is not one, stops the start with the setting named', () => {
    const base = { BROADSHEET_DATABASE_URL: 'sqlite::memory:' };
    assert.throws(() => loadConfig({ ...base, BROADSHEET_DKIM_DOMAIN: 'news.example.com' }), /BROADSHEET_DKIM_DOMAIN: DKIM needs all three/);
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a key');
    assert.throws(() => loadConfig({ ...base, BROADSHEET_DKIM_DOMAIN: 'news.example.com', BROADSHEET_DKIM_SELECTOR: 's1', BROADSHEET_DKIM_KEY_FILE: junk }), /BROADSHEET_DKIM_KEY_FILE: a readable PEM private key/);
    assert.throws(() => loadConfig({ ...base, BROADSHEET_STRIPE_SECRET_KEY: 'sk_test_abcdefgh1234' }), /BROADSHEET_STRIPE_WEBHOOK_SECRET/);
    assert.throws(() => loadConfig({ ...base, BROADSHEET_STRIPE_SECRET_KEY: 'pk_live_oops' }), /BROADSHEET_STRIPE_SECRET_KEY/);
  });
});
