import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AuthService, hashToken } from '../../src/core/access/auth-service.ts';
import type { User } from '../../src/core/access/types.ts';
import { isBroadsheetError } from '../../src/core/errors.ts';
import type { Mailer } from '../../src/core/ports.ts';
import { AdminClient, signedIn, TEST_PASSWORD } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { testDialects } from '../helpers/dialects.ts';
import { requires } from '../helpers/requirements.ts';
import { until } from '../helpers/wait.ts';

// The hostile tester's account findings, on every dialect: throttling that concurrency cannot
// bypass, password changes that revoke every other credential, and a "forgot password" answer
// that does not wait for anything that depends on whether the account exists.
const { dialects, missing } = await testDialects();
requires('account security contract on postgres', { postgres: missing });

const NEW_PASSWORD = 'a completely different passphrase';

for (const dialect of dialects) {
  describe(`account security (${dialect.name})`, () => {
    let t: TestApp;
    let counter = 0;

    before(async () => {
      t = await startTestApp({ dialect, seed: false });
      await signedIn(t.app, t.services, 'admin');
    });
    after(async () => {
      await t.close();
    });

    /** A fresh account with TEST_PASSWORD, and its email. */
    async function account(): Promise<{ user: User; email: string }> {
      const client = await signedIn(t.app, t.services, 'writer', `Target ${dialect.name} ${++counter}`);
      return { user: client.user as User, email: (client.user as User).email };
    }

    /** Login form posts fired at once, each from its own browser (own CSRF token) and address. */
    async function burst(attempts: { email: string; password: string; address: string }[]): Promise<number[]> {
      const clients = await Promise.all(
        attempts.map(async () => {
          const c = new AdminClient(t.app);
          await c.get('/admin/login');
          return c;
        }),
      );
      const answers = await Promise.all(
        attempts.map((a, i) => (clients[i] as AdminClient).request({ method: 'POST', url: '/admin/login', form: { email: a.email, password: a.password }, remoteAddress: a.address })),
      );
      return answers.map((r) => r.statusCode);
    }

    const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

    describe('login throttling under concurrency', () => {
      test('30 wrong passwords at once for one account from one address: 5 are checked, 25 refused', async () => {
        const { email } = await account();
        const statuses = await burst(Array.from({ length: 30 }, (_, i) => ({ email, password: `wrong guess ${i}`, address: '192.0.2.10' })));
        assert.equal(count(statuses, 401), 5, `401s in ${statuses.join(' ')}`);
        assert.equal(count(statuses, 429), 25);
        const right = await burst([{ email, password: TEST_PASSWORD, address: '192.0.2.99' }]);
        assert.deepEqual(right, [429], 'the locked account stays locked, even for the right password from elsewhere');
      });

      test('39 wrong and the right one at once from 40 addresses: at most 5 are checked; a lock is not undone by a success', async () => {
        const { email } = await account();
        const attempts = Array.from({ length: 40 }, (_, i) => ({ email, password: i === 20 ? TEST_PASSWORD : `wrong guess ${i}`, address: `198.51.100.${i + 1}` }));
        const statuses = await burst(attempts);
        assert.ok(count(statuses, 401) + count(statuses, 303) <= 5, `checked: ${statuses.join(' ')}`);
        assert.equal(count(statuses, 429), 40 - count(statuses, 401) - count(statuses, 303));
        if (count(statuses, 303) === 0) {
          // The right password lost the race: five failures lock the account for the window.
          assert.equal(count(statuses, 401), 5);
          assert.deepEqual(await burst([{ email, password: TEST_PASSWORD, address: '198.51.100.200' }]), [429]);
        } else {
          // It won a slot: its success gave back only its own reservation; the four failures stand.
          assert.deepEqual(await burst([{ email, password: 'one more wrong guess', address: '198.51.100.201' }]), [401]);
          assert.deepEqual(await burst([{ email, password: TEST_PASSWORD, address: '198.51.100.202' }]), [429], 'the fifth failure locked it');
        }
      });

      test('one address spraying 40 accounts at once gets 20 checks', async () => {
        const statuses = await burst(Array.from({ length: 40 }, (_, i) => ({ email: `spray-${dialect.name}-${i}@example.com`, password: 'password guess here', address: '203.0.113.77' })));
        assert.equal(count(statuses, 401), 20, statuses.join(' '));
        assert.equal(count(statuses, 429), 20);
      });

      test('an IPv6 client rotating through its /64 is one address', async () => {
        const statuses = await burst(Array.from({ length: 30 }, (_, i) => ({ email: `v6-${dialect.name}-${i}@example.com`, password: 'password guess here', address: `2001:db8:15:7:${(i + 1).toString(16)}::${i + 1}` })));
        assert.equal(count(statuses, 401), 20, statuses.join(' '));
        assert.deepEqual(await burst([{ email: `v6-${dialect.name}-x@example.com`, password: 'password guess here', address: '2001:db8:15:8::1' }]), [401], 'the next /64 is another client');
      });

      test('guessing the current password on the account page counts against the same limit', async () => {
        const writer = await signedIn(t.app, t.services, 'writer', `Session Holder ${dialect.name}`);
        const answers = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            writer.request({ method: 'POST', url: '/admin/account/password', form: { current: `not my password ${i}`, next: NEW_PASSWORD } }),
          ),
        );
        const statuses = answers.map((r) => r.statusCode);
        assert.ok(statuses.filter((s) => s !== 429).length <= 5, statuses.join(' '));
        assert.ok(statuses.includes(429));
        assert.deepEqual(await burst([{ email: (writer.user as User).email, password: TEST_PASSWORD, address: '192.0.2.50' }]), [429], 'and the login is locked too');
      });

      test('"forgot password" requests at once from one address: 5 accepted, the rest refused', async () => {
        const clients = await Promise.all(
          Array.from({ length: 12 }, async () => {
            const c = new AdminClient(t.app);
            await c.get('/admin/reset');
            return c;
          }),
        );
        const answers = await Promise.all(clients.map((c, i) => c.request({ method: 'POST', url: '/admin/reset', form: { email: `reset-${dialect.name}-${i}@example.com` }, remoteAddress: '192.0.2.200' })));
        const statuses = answers.map((r) => r.statusCode);
        assert.equal(count(statuses, 200), 5, statuses.join(' '));
        assert.equal(count(statuses, 429), 7);
        await t.services.auth.settled();
      });
    });

    describe('a password change revokes every other credential', () => {
      /** Outstanding reset links of `userId`, issued by an admin now. */
      async function links(userId: number, n: number): Promise<string[]> {
        const admin = (await t.services.storage.users.list()).find((u) => u.role === 'admin') as User;
        const out: string[] = [];
        for (let i = 0; i < n; i++) out.push((await t.services.auth.adminResetLink(admin, userId)).split('/').at(-1) as string);
        return out;
      }
      const usable = async (token: string) => (await t.services.auth.checkLink(token, 'reset')) !== undefined;
      const sessionWorks = async (client: AdminClient) => (await client.get('/admin/account/')).statusCode === 200;

      const ways: [string, (u: { user: User; email: string }, own: AdminClient, spare: string) => Promise<void>][] = [
        ['through a reset link', async (_u, _own, spare) => void (await t.services.auth.setPasswordWithLink(spare, 'reset', NEW_PASSWORD))],
        ['through a reset link, over HTTP', async (_u, own, spare) => {
          const anon = new AdminClient(t.app);
          await anon.get(`/admin/reset/${spare}`);
          assert.equal((await anon.post(`/admin/reset/${spare}`, { password: NEW_PASSWORD })).statusCode, 200);
          void own;
        }],
        ['on the account page', async (_u, own) => {
          const res = await own.post('/admin/account/password', { current: TEST_PASSWORD, next: NEW_PASSWORD });
          assert.ok(res.statusCode < 400, `${res.statusCode} ${res.body.slice(0, 200)}`);
        }],
      ];

      for (const [way, change] of ways) {
        test(`${way}: older links and other sessions stop working`, async () => {
          const target = await account();
          const [older, second, spare] = await links(target.user.id, 3) as [string, string, string];
          const own = new AdminClient(t.app);
          assert.equal((await own.login(target.email)).statusCode, 303);
          const elsewhere = new AdminClient(t.app);
          assert.equal((await elsewhere.login(target.email)).statusCode, 303);
          assert.ok((await usable(older)) && (await usable(second)) && (await sessionWorks(elsewhere)));

          await change(target, own, spare);

          assert.equal(await usable(older), false, 'the link issued first');
          assert.equal(await usable(second), false, 'the other outstanding link');
          await assert.rejects(t.services.auth.setPasswordWithLink(older, 'reset', 'an attacker’s new passphrase'), (e) => isBroadsheetError(e, 'BS_ERR_AUTH_TOKEN_INVALID'));
          assert.equal(await sessionWorks(elsewhere), false, 'another session of the account');
          assert.equal(await sessionWorks(own), way === 'on the account page', 'the session that made the change survives only its own change');
          const fresh = new AdminClient(t.app);
          assert.equal((await fresh.login(target.email, NEW_PASSWORD)).statusCode, 303, 'the new password works');
        });
      }

      test('an invitation link dies when the account gets its password another way', async () => {
        const admin = (await t.services.storage.users.list()).find((u) => u.role === 'admin') as User;
        const { user, link } = await t.services.auth.createUser(admin, { email: `invited-${dialect.name}@example.com`, name: `Invited ${dialect.name}`, role: 'writer' });
        const invite = link.split('/').at(-1) as string;
        const [reset] = (await links(user.id, 1)) as [string];
        await t.services.auth.setPasswordWithLink(reset, 'reset', NEW_PASSWORD);
        assert.equal(await t.services.auth.checkLink(invite, 'invite'), undefined);
      });
    });

    describe('"forgot password" answers without waiting on the account', () => {
      test('the answer only queues the request, for a known address as for an unknown one; the mail goes later', async () => {
        const { email } = await account();
        let open: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => {
          open = resolve;
        });
        const sent: string[] = [];
        let sending = 0;
        const mailer: Mailer = {
          delivers: false,
          send: async (m) => {
            sending++;
            await gate;
            sent.push(m.to);
          },
        };
        const auth = new AuthService({ storage: t.services.storage, clock: t.clock, mailer, publicUrl: 'http://localhost:3000' });
        let answered = 0;
        const known = auth.requestReset(email, hashToken('timing-known')).then(() => answered++);
        const unknown = auth.requestReset(`nobody-${dialect.name}@example.com`, hashToken('timing-unknown')).then(() => answered++);
        await until(() => answered === 2, 'both answers, before any mail is sent', 5000);
        await Promise.all([known, unknown]);
        assert.equal(sending, 0, 'the answers did not look the addresses up, let alone send');
        const drained = auth.settled();
        await until(() => sending === 1, 'the mail to the known address being sent');
        open();
        await drained;
        assert.deepEqual(sent, [email]);
      });
    });
  });
}
