import assert from 'node:assert/strict';
import { AdminClient } from './admin-client.ts';
import type { TestApp } from './demo-app.ts';
import type { ReceivedMail } from './smtp-sink.ts';
import { until } from './wait.ts';

/** The sign-in link's token in a mail. */
export const linkIn = (text: string) => /\/account\/link\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

/** Takes the oldest mail to the address off the sink's pile. */
export function mailTo(mails: ReceivedMail[], address: string): Promise<ReceivedMail> {
  return until(() => {
    const i = mails.findIndex((m) => m.to.includes(address));
    return i >= 0 ? mails.splice(i, 1)[0] : undefined;
  }, `a mail to ${address}`);
}

/**
 * A reader signed in through the real flow: the form, the mailed link (read from the SMTP sink),
 * the confirmation page and its button. Returns the client holding the bs_member cookie.
 */
export async function signUpMember(t: TestApp, mails: ReceivedMail[], email: string, form: Record<string, string> = {}): Promise<{ client: AdminClient; location: string | undefined }> {
  const client = new AdminClient(t.app);
  await client.get('/account/');
  const asked = await client.post('/account/signin', { email, ...form });
  assert.equal(asked.statusCode, 200, asked.body);
  await t.services.members.settled();
  const token = linkIn((await mailTo(mails, email.toLowerCase())).text);
  assert.ok(token, 'the mail carries a sign-in link');
  assert.equal((await client.get(`/account/link/${token}`)).statusCode, 200);
  const res = await client.post(`/account/link/${token}`, {});
  assert.equal(res.statusCode, 303, res.body);
  return { client, location: res.headers.location as string | undefined };
}
