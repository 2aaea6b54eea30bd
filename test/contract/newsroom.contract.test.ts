import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AuthService, hashToken } from '../../src/core/access/auth-service.ts';
import { actorOf, type Actor, type User } from '../../src/core/access/types.ts';
import { isBroadsheetError, type ErrorCode } from '../../src/core/errors.ts';
import type { ArticleContent } from '../../src/core/newsroom/article-content.ts';
import { changeStatus, publishDue } from '../../src/core/newsroom/change-status.ts';
import { createDraft } from '../../src/core/newsroom/create-draft.ts';
import { restoreRevision } from '../../src/core/newsroom/restore-revision.ts';
import { diffContent } from '../../src/core/newsroom/revision-diff.ts';
import { saveArticle } from '../../src/core/newsroom/save-article.ts';
import { createTag } from '../../src/core/newsroom/taxonomy.ts';
import { Newsroom } from '../../src/core/newsroom/newsroom.ts';
import type { Mailer } from '../../src/core/ports.ts';
import { LocalMediaFiles } from '../../src/storage/media/local-media-files.ts';
import { SharpImageProcessor } from '../../src/storage/media/sharp-image-processor.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { ManualClock } from '../helpers/clock.ts';
import { testDialects, type TestDatabase } from '../helpers/dialects.ts';
import { makeSections } from '../helpers/fixtures.ts';
import { requires } from '../helpers/requirements.ts';

const { dialects, missing } = await testDialects();
requires('newsroom contract on postgres', { postgres: missing });

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery staple';

function rejectsWith(code: ErrorCode) {
  return (err: unknown) => {
    assert.ok(isBroadsheetError(err, code), `expected ${code}, got ${String(err)}`);
    return true;
  };
}

for (const dialect of dialects) {
  describe(`newsroom (${dialect.name})`, () => {
    let db: TestDatabase;
    let storage: KyselyStorage;
    let auth: AuthService;
    let s: Awaited<ReturnType<typeof makeSections>>;
    const clock = new ManualClock(Date.parse('2026-03-06T06:00:00Z'));
    const mail: { to: string; text: string }[] = [];
    const mailer: Mailer = { delivers: false, send: async (m) => void mail.push(m) };
    let admin: User;
    const users: Record<string, User> = {};
    const deps = () => ({ storage, clock });

    async function makeUser(role: string, name: string): Promise<User> {
      const { user, link } = await auth.createUser(admin, { email: `${name.toLowerCase()}@example.com`, name, role });
      await auth.setPasswordWithLink(link.split('/').at(-1) as string, 'invite', PASSWORD);
      return user;
    }

    function content(over: Partial<ArticleContent> = {}): ArticleContent {
      return {
        headline: 'Harbour works begin', summary: 'Dek', bodyHtml: '<p>First paragraph.</p>', dateline: 'OSAKA',
        subsectionId: s.local.id, tagIds: [], authorIds: [], seriesId: null, leadMediaId: null,
        leadCaption: null, leadCredit: null, leadAlt: null, isTopStory: false, ...over,
      };
    }

    before(async () => {
      db = await dialect.create();
      storage = await openStorage(db.url);
      s = await makeSections(storage);
      auth = new AuthService({ storage, clock, mailer, publicUrl: 'https://news.example.com' });
      admin = (await auth.bootstrapAdmin({ email: 'Admin@Example.com', name: 'Ada Admin', password: PASSWORD })).user;
      for (const [role, name] of [['contributor', 'Connie'], ['contributor', 'Colin'], ['writer', 'Wanda'], ['editor', 'Eddie']] as const) {
        users[name] = await makeUser(role, name);
      }
    });
    after(async () => {
      await storage.close();
      await db.cleanup();
    });

    describe('accounts and sessions', () => {
      test('passwords are stored as scrypt hashes, never in clear', async () => {
        const record = await storage.users.findByEmail('admin@example.com');
        assert.match(record?.passwordHash ?? '', /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
        assert.ok(!(record?.passwordHash ?? '').includes(PASSWORD));
      });

      test('login gives a session whose token is stored only as a hash', async () => {
        const result = await auth.login({ email: ' ADMIN@example.com ', password: PASSWORD, clientKey: 'ip-a' });
        const { user } = result;
        const token = result.token ?? assert.fail('a session, not a second step');
        assert.equal(user.id, admin.id);
        assert.ok(token.length >= 43);
        assert.ok(await storage.sessions.find(hashToken(token)));
        assert.equal(await storage.sessions.find(token), undefined);
        assert.equal((await auth.authenticate(token))?.user.id, admin.id);
        await auth.logout(token);
        assert.equal(await auth.authenticate(token), undefined, 'logout ends the session');
      });

      test('a wrong password and an unknown account get the same error', async () => {
        await assert.rejects(auth.login({ email: 'admin@example.com', password: 'wrong password here', clientKey: 'ip-b' }), rejectsWith('BS_ERR_AUTH_FAILED'));
        await assert.rejects(auth.login({ email: 'nobody@example.com', password: 'wrong password here', clientKey: 'ip-b' }), rejectsWith('BS_ERR_AUTH_FAILED'));
      });

      test('five failures lock an account for the window even with the right password; then it opens again', async () => {
        for (let i = 0; i < 5; i++) {
          await assert.rejects(auth.login({ email: 'wanda@example.com', password: `guess number ${i}`, clientKey: `ip-${i}` }), rejectsWith('BS_ERR_AUTH_FAILED'));
        }
        await assert.rejects(auth.login({ email: 'wanda@example.com', password: PASSWORD, clientKey: 'ip-fresh' }), rejectsWith('BS_ERR_AUTH_THROTTLED'));
        // Other accounts are unaffected.
        await auth.login({ email: 'eddie@example.com', password: PASSWORD, clientKey: 'ip-fresh' });
        clock.advance(16 * MINUTE);
        const ok = await auth.login({ email: 'wanda@example.com', password: PASSWORD, clientKey: 'ip-fresh' });
        assert.equal(ok.user.name, 'Wanda');
      });

      test('twenty failures from one address block that address across accounts', async () => {
        for (let i = 0; i < 20; i++) {
          await assert.rejects(auth.login({ email: `user${i}@example.com`, password: 'not the password', clientKey: 'ip-hammer' }));
        }
        await assert.rejects(auth.login({ email: 'eddie@example.com', password: PASSWORD, clientKey: 'ip-hammer' }), rejectsWith('BS_ERR_AUTH_THROTTLED'));
        assert.ok(await auth.login({ email: 'eddie@example.com', password: PASSWORD, clientKey: 'ip-other' }));
        clock.advance(16 * MINUTE);
      });

      test('sessions expire when idle, and at the absolute limit', async () => {
        const { token } = await auth.login({ email: 'eddie@example.com', password: PASSWORD, clientKey: 'ip-c' });
        clock.advance(11 * 60 * MINUTE);
        assert.ok(await auth.authenticate(token), 'still alive after 11 idle hours');
        clock.advance(13 * 60 * MINUTE);
        assert.equal(await auth.authenticate(token), undefined, 'gone after 13 more idle hours');
        const second = await auth.login({ email: 'eddie@example.com', password: PASSWORD, clientKey: 'ip-c' });
        // Active every 10 hours: alive for 160 hours, gone past the 168-hour (7-day) limit.
        for (let step = 1; step <= 16; step++) {
          clock.advance(10 * 60 * MINUTE);
          assert.ok(await auth.authenticate(second.token), `alive after ${step * 10} hours`);
        }
        clock.advance(10 * 60 * MINUTE);
        assert.equal(await auth.authenticate(second.token), undefined, 'gone after 7 days even when active');
      });

      test('disabling a user or changing their role ends their sessions; the last admin is protected', async () => {
        const { token } = await auth.login({ email: 'colin@example.com', password: PASSWORD, clientKey: 'ip-d' });
        await auth.updateUser(admin, users.Colin!.id, { status: 'disabled' });
        assert.equal(await auth.authenticate(token), undefined);
        await assert.rejects(auth.login({ email: 'colin@example.com', password: PASSWORD, clientKey: 'ip-d' }), rejectsWith('BS_ERR_AUTH_FAILED'));
        await auth.updateUser(admin, users.Colin!.id, { status: 'active' });
        await assert.rejects(auth.updateUser(admin, admin.id, { role: 'editor' }), rejectsWith('BS_ERR_USER_LAST_ADMIN'));
        await assert.rejects(auth.updateUser(users.Eddie!, admin.id, { status: 'disabled' }), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
      });

      test('a password change ends the other sessions but keeps this one', async () => {
        const a = await auth.login({ email: 'connie@example.com', password: PASSWORD, clientKey: 'ip-e' });
        const b = await auth.login({ email: 'connie@example.com', password: PASSWORD, clientKey: 'ip-e' });
        const session = await auth.authenticate(a.token);
        assert.ok(session);
        await assert.rejects(auth.changePassword(session, 'wrong current one', 'a brand new passphrase'), rejectsWith('BS_ERR_AUTH_FAILED'));
        await assert.rejects(auth.changePassword(session, PASSWORD, 'short'), rejectsWith('BS_ERR_AUTH_PASSWORD_WEAK'));
        await auth.changePassword(session, PASSWORD, 'a brand new passphrase');
        assert.ok(await auth.authenticate(a.token));
        assert.equal(await auth.authenticate(b.token), undefined);
        await auth.changePassword((await auth.authenticate(a.token))!, 'a brand new passphrase', PASSWORD);
      });

      test('invitation and reset links work once, expire, and the reset answer reveals nothing', async () => {
        const { link } = await auth.createUser(admin, { email: 'nina@example.com', name: 'Nina New', role: 'writer' });
        const token = link.split('/').at(-1) as string;
        assert.match(link, /^https:\/\/news\.example\.com\/admin\/setup\/[\w-]{43}$/);
        assert.equal((await auth.checkLink(token, 'invite'))?.email, 'nina@example.com');
        await assert.rejects(auth.setPasswordWithLink(token, 'invite', 'password1234'), rejectsWith('BS_ERR_AUTH_PASSWORD_WEAK'));
        await assert.rejects(auth.setPasswordWithLink(token, 'invite', 'nina has a long passphrase'), rejectsWith('BS_ERR_AUTH_PASSWORD_WEAK'));
        await auth.setPasswordWithLink(token, 'invite', 'a long passphrase for her');
        await assert.rejects(auth.setPasswordWithLink(token, 'invite', 'another long passphrase'), rejectsWith('BS_ERR_AUTH_TOKEN_INVALID'));
        await assert.rejects(auth.createUser(admin, { email: 'NINA@example.com', name: 'Again', role: 'writer' }), rejectsWith('BS_ERR_USER_EXISTS'));

        mail.length = 0;
        await auth.requestReset('nobody@example.com', 'ip-f');
        await auth.settled();
        assert.equal(mail.length, 0, 'nothing is sent for an unknown address, and nothing is said');
        await auth.requestReset('nina@example.com', 'ip-f');
        await auth.settled();
        assert.equal(mail.length, 1);
        const resetToken = /\/admin\/reset\/([\w-]{43})/.exec(mail[0]?.text ?? '')?.[1] as string;
        clock.advance(61 * MINUTE);
        await assert.rejects(auth.setPasswordWithLink(resetToken, 'reset', 'a fresh long passphrase'), rejectsWith('BS_ERR_AUTH_TOKEN_INVALID'));
      });

      test('every login, failure and account change is in the audit log', async () => {
        const actions = (await storage.audit.recent(500)).map((e) => e.action);
        for (const a of ['login.ok', 'login.failed', 'login.throttled', 'logout', 'user.create', 'user.update', 'password.change', 'password.invite']) {
          assert.ok(actions.includes(a), `audit has ${a}`);
        }
      });
    });

    describe('articles through the workflow', () => {
      let id: number;
      let connie: Actor;
      let wanda: Actor;
      let eddie: Actor;
      before(() => {
        connie = actorOf(users.Connie!);
        wanda = actorOf(users.Wanda!);
        eddie = actorOf(users.Eddie!);
      });

      test('a contributor starts a draft under their own byline and saves it; every save is a revision', async () => {
        ({ id } = await createDraft(deps(), connie, { headline: 'Harbour works begin', subsectionId: s.local.id }));
        const draft = await storage.articles.findForEdit(id);
        assert.equal(draft?.status, 'draft');
        assert.deepEqual(draft?.content.authorIds, [connie.authorId]);
        const saved = await saveArticle(deps(), connie, {
          articleId: id, baseVersion: 1, mode: 'save',
          content: content({ authorIds: [connie.authorId as number], bodyHtml: '<p>First <script>x()</script>paragraph.</p>' }),
        });
        assert.equal(saved.version, 2);
        assert.deepEqual(saved.invalidates, [], 'a draft change touches no reader page');
        assert.equal((await storage.articles.findForEdit(id))?.content.bodyHtml, '<p>First paragraph.</p>');
        assert.deepEqual((await storage.revisions.list(id)).map((r) => r.kind), ['save', 'create']);
        assert.equal(await storage.articles.findPublished(id), undefined, 'drafts are invisible');
      });

      test('who may see and change what', async () => {
        const other = actorOf(users.Colin!);
        await assert.rejects(saveArticle(deps(), other, { articleId: id, baseVersion: 2, mode: 'save', content: content() }), rejectsWith('BS_ERR_ARTICLE_NOT_FOUND'));
        await assert.rejects(saveArticle(deps(), wanda, { articleId: id, baseVersion: 2, mode: 'save', content: content() }), rejectsWith('BS_ERR_ARTICLE_NOT_FOUND'));
        const mine = content({ authorIds: [connie.authorId as number] });
        await assert.rejects(saveArticle(deps(), connie, { articleId: id, baseVersion: 2, mode: 'save', content: { ...mine, isTopStory: true } }), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        await assert.rejects(saveArticle(deps(), connie, { articleId: id, baseVersion: 2, mode: 'save', content: { ...mine, authorIds: [wanda.authorId as number] } }), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        await assert.rejects(saveArticle(deps(), connie, { articleId: id, baseVersion: 2, mode: 'save', content: { ...mine, tagIds: [99_999] } }), rejectsWith('BS_ERR_CONTENT_INVALID'));
        await assert.rejects(createTag({ storage, clock }, connie, 'Harbours'), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        await assert.rejects(changeStatus(deps(), connie, { articleId: id, baseVersion: 2, action: 'publish' }), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        assert.equal((await storage.articles.findForEdit(id))?.version, 2, 'nothing was written');
      });

      test('two saves from the same version: the second is refused and kept as a revision', async () => {
        const mine = { authorIds: [connie.authorId as number] };
        await saveArticle(deps(), connie, { articleId: id, baseVersion: 2, mode: 'save', content: content({ ...mine, bodyHtml: '<p>Text from tab A.</p>' }) });
        await assert.rejects(
          saveArticle(deps(), connie, { articleId: id, baseVersion: 2, mode: 'save', content: content({ ...mine, bodyHtml: '<p>Text from tab B.</p>' }) }),
          (err: unknown) => {
            assert.ok(isBroadsheetError(err, 'BS_ERR_ARTICLE_CONFLICT'));
            assert.equal(err.params.current, 3);
            return true;
          },
        );
        const current = await storage.articles.findForEdit(id);
        assert.equal(current?.content.bodyHtml, '<p>Text from tab A.</p>');
        const revisions = await storage.revisions.list(id);
        assert.equal(revisions[0]?.kind, 'conflict');
        assert.equal(revisions[0]?.content.bodyHtml, '<p>Text from tab B.</p>', 'nothing is lost');
      });

      test('submit, then an editor schedules it; it stays invisible until its time, then goes out once', async () => {
        const afterSubmit = await changeStatus(deps(), connie, { articleId: id, baseVersion: 3, action: 'submit' });
        assert.equal(afterSubmit.status, 'in_review');
        await assert.rejects(changeStatus(deps(), eddie, { articleId: id, baseVersion: afterSubmit.version, action: 'schedule', at: clock.now() - 1 }), rejectsWith('BS_ERR_ARTICLE_SCHEDULE_PAST'));
        await assert.rejects(changeStatus(deps(), eddie, { articleId: id, baseVersion: 1, action: 'schedule', at: clock.now() + MINUTE }), rejectsWith('BS_ERR_ARTICLE_STALE'));
        const at = clock.now() + MINUTE;
        const scheduled = await changeStatus(deps(), eddie, { articleId: id, baseVersion: afterSubmit.version, action: 'schedule', at });
        assert.equal(scheduled.status, 'scheduled');
        assert.deepEqual(scheduled.invalidates, []);
        assert.equal(await storage.articles.findPublished(id), undefined);
        assert.ok(!(await storage.articles.list({ kind: 'all' }, { limit: 100, offset: 0 })).items.some((a) => a.id === id));
        assert.deepEqual((await publishDue(deps())).published, [], 'not yet');
        clock.advance(MINUTE);
        // Two processes racing: exactly one publishes.
        const [a, b] = await Promise.all([publishDue(deps()), publishDue(deps())]);
        assert.deepEqual([...a.published, ...b.published], [id]);
        assert.ok([...a.invalidates, ...b.invalidates].includes(`article:${id}`));
        const live = await storage.articles.findPublished(id);
        assert.equal(live?.publishedAt, at);
        assert.deepEqual((await publishDue(deps())).published, [], 'idempotent');
        assert.equal((await storage.revisions.list(id))[0]?.note, 'published on schedule');
      });

      test('a contributor can no longer change it once published; an update bumps (Update N); a correction needs a note', async () => {
        const v = (await storage.articles.findForEdit(id))!.version;
        const mine = content({ authorIds: [connie.authorId as number], bodyHtml: '<p>Updated text.</p>' });
        await assert.rejects(saveArticle(deps(), connie, { articleId: id, baseVersion: v, mode: 'save', content: mine }), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        const updated = await saveArticle(deps(), eddie, { articleId: id, baseVersion: v, mode: 'save', content: mine, publicChange: { kind: 'update', note: 'Adds the mayor’s reaction.' } });
        assert.ok(updated.invalidates.includes(`article:${id}`));
        assert.ok(updated.invalidates.includes(`section:${s.local.id}`));
        const live = await storage.articles.findPublished(id);
        assert.equal(live?.updateCount, 1);
        assert.equal(live?.updatedAt, clock.now());
        await assert.rejects(
          saveArticle(deps(), eddie, { articleId: id, baseVersion: updated.version, mode: 'save', content: mine, publicChange: { kind: 'correction', note: '' } }),
          rejectsWith('BS_ERR_CONTENT_INVALID'),
        );
        await saveArticle(deps(), eddie, { articleId: id, baseVersion: updated.version, mode: 'save', content: mine, publicChange: { kind: 'correction', note: 'The harbour is in Osaka, not Kobe.' } });
        const corrected = await storage.articles.findPublished(id);
        assert.equal(corrected?.updateCount, 1, 'a correction is not an update');
        assert.equal(corrected?.updates.at(-1)?.kind, 'correction');
        const silent = await saveArticle(deps(), eddie, { articleId: id, baseVersion: updated.version + 1, mode: 'save', content: { ...mine, headline: 'Harbour works begin in Osaka' }, publicChange: { kind: 'silent', note: '' } });
        assert.equal((await storage.articles.findPublished(id))?.updateCount, 1);
        assert.equal((await storage.articles.findPublished(id))?.headline, 'Harbour works begin in Osaka');
        // An autosave of a live article is kept aside, not published.
        const kept = await saveArticle(deps(), eddie, { articleId: id, baseVersion: silent.version, mode: 'autosave', content: { ...mine, headline: 'Half-typed head' } });
        assert.equal(kept.applied, false);
        assert.equal((await storage.articles.findPublished(id))?.headline, 'Harbour works begin in Osaka');
      });

      test('revisions can be compared and restored; restoring is a new revision', async () => {
        const revisions = await storage.revisions.list(id);
        const first = revisions.at(-1)!;
        const latest = revisions[0]!;
        const diff = diffContent(first.content, latest.content);
        const fields = diff.map((d) => d.field);
        assert.ok(fields.includes('bodyHtml'));
        assert.ok(fields.includes('headline'));
        const body = diff.find((d) => d.field === 'bodyHtml')!;
        assert.ok(body.parts.some((p) => p.change === 'added' && p.value.includes('Updated text.')));
        const v = (await storage.articles.findForEdit(id))!.version;
        const tabB = revisions.find((r) => r.kind === 'conflict')!;
        const restored = await restoreRevision(deps(), eddie, { articleId: id, revisionId: tabB.id, baseVersion: v });
        assert.equal((await storage.articles.findForEdit(id))?.content.bodyHtml, '<p>Text from tab B.</p>');
        assert.equal((await storage.revisions.list(id))[0]?.kind, 'restore');
        assert.ok(restored.invalidates.includes(`article:${id}`));
        await assert.rejects(restoreRevision(deps(), eddie, { articleId: id, revisionId: 999_999, baseVersion: restored.version }), rejectsWith('BS_ERR_REVISION_NOT_FOUND'));
      });

      test('unpublishing takes it off every list; republishing keeps its first publication time', async () => {
        const before = await storage.articles.findForEdit(id);
        const down = await changeStatus(deps(), wanda, { articleId: id, baseVersion: before!.version, action: 'unpublish' }).catch((e: unknown) => e);
        assert.ok(isBroadsheetError(down, 'BS_ERR_ARTICLE_NOT_FOUND'), 'a writer cannot touch another writer’s article');
        const off = await changeStatus(deps(), eddie, { articleId: id, baseVersion: before!.version, action: 'unpublish' });
        assert.ok(off.invalidates.includes(`article:${id}`));
        assert.equal(await storage.articles.findPublished(id), undefined);
        await assert.rejects(changeStatus(deps(), eddie, { articleId: id, baseVersion: off.version, action: 'unpublish' }), rejectsWith('BS_ERR_ARTICLE_TRANSITION'));
        await changeStatus(deps(), eddie, { articleId: id, baseVersion: off.version, action: 'publish' });
        assert.equal((await storage.articles.findPublished(id))?.publishedAt, before?.publishedAt);
      });

      test('a writer publishes their own article but not someone else’s', async () => {
        const { id: own } = await createDraft(deps(), wanda, { headline: 'Writer’s own story', subsectionId: s.football.id });
        const published = await changeStatus(deps(), wanda, { articleId: own, baseVersion: 1, action: 'publish' });
        assert.equal(published.status, 'published');
        const { id: other } = await createDraft(deps(), eddie, { headline: 'Editor’s story', subsectionId: s.football.id });
        await assert.rejects(changeStatus(deps(), wanda, { articleId: other, baseVersion: 1, action: 'publish' }), rejectsWith('BS_ERR_ARTICLE_NOT_FOUND'));
        const list = await storage.articles.listForNewsroom({ ownedBy: { userId: wanda.id, authorId: wanda.authorId } }, { limit: 50, offset: 0 });
        assert.deepEqual(list.items.map((i) => i.headline), ['Writer’s own story']);
        const search = await storage.articles.listForNewsroom({ query: "writer’s OWN" }, { limit: 50, offset: 0 });
        assert.equal(search.total, 1);
        const literal = await storage.articles.listForNewsroom({ query: '%' }, { limit: 50, offset: 0 });
        assert.equal(literal.total, 0, 'LIKE wildcards in a search are literal');
      });
    });

    describe('the operations the newsroom pages call (Newsroom)', () => {
      let newsroom: Newsroom;
      let mediaDir: string;
      before(async () => {
        mediaDir = await mkdtemp(join(tmpdir(), 'bs-newsroom-'));
        newsroom = new Newsroom({ storage, clock, files: new LocalMediaFiles(mediaDir), processor: new SharpImageProcessor(), viewSource: storage.views });
      });
      after(async () => rm(mediaDir, { recursive: true, force: true }));

      test('a ranking control and its audit entry are written together, by editors only', async () => {
        const eddie = actorOf(users.Eddie!);
        const wanda = actorOf(users.Wanda!);
        const { id } = await createDraft(deps(), wanda, { headline: 'Ranked story', subsectionId: s.football.id });
        await assert.rejects(newsroom.controlRanking(wanda, id, 'exclude'), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        assert.equal((await storage.rankingControls.excluded()).has(id), false, 'a refused control writes nothing');
        await newsroom.controlRanking(eddie, id, 'exclude');
        assert.equal((await storage.rankingControls.excluded()).has(id), true);
        const audit = (await storage.audit.recent(5)).find((e) => e.target === `article:${id}`);
        assert.equal(audit?.action, 'ranking.exclude');
        assert.equal(audit?.userId, eddie.id);
        await newsroom.controlRanking(eddie, id, 'include');
        assert.equal((await storage.rankingControls.excluded()).has(id), false);
        const { excluded, articles } = await newsroom.rankingControls(eddie, [id]);
        assert.equal(excluded.has(id), false);
        assert.equal(articles.get(id)?.headline, 'Ranked story');
        await assert.rejects(newsroom.rankingControls(wanda, []), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
      });

      test('accounts and the audit log are for admins; the article list is scoped by role', async () => {
        const wanda = actorOf(users.Wanda!);
        await assert.rejects(newsroom.users(actorOf(users.Eddie!)), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        await assert.rejects(newsroom.auditLog(wanda), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        assert.ok((await newsroom.users(actorOf(admin))).some((u) => u.name === 'Wanda'));
        const { names } = await newsroom.auditLog(actorOf(admin));
        assert.equal(names.get(admin.id), 'Ada Admin');
        const mine = await newsroom.listArticles(wanda, { page: 1, pageSize: 100 });
        assert.equal(mine.everything, false);
        const all = await newsroom.listArticles(actorOf(users.Eddie!), { page: 1, pageSize: 100 });
        assert.equal(all.everything, true);
        assert.ok(all.result.total > mine.result.total);
      });

      test('taxonomy edits are audited with the change, in its transaction; refused ones write nothing', async () => {
        const eddie = actorOf(users.Eddie!);
        const wanda = actorOf(users.Wanda!);
        const auditedSince = async (since: number) => (await storage.audit.recent(50)).filter((e) => e.id > since).map((e) => `${e.action} ${e.target} ${e.detail}`);
        const last = (await storage.audit.recent(1))[0]?.id ?? 0;
        const tag = await newsroom.createTag(eddie, 'Harbour Works');
        await newsroom.renameTag(eddie, tag.id, 'Harbour Projects');
        const series = await newsroom.createSeries(eddie, { title: 'Tides of the Bay', description: '' });
        await newsroom.updateSeries(eddie, series.id, { title: 'Tides of the Inner Bay', description: 'Weekly' });
        await newsroom.updateSection(eddie, s.local.id, { name: 'Local News', description: '' });
        await assert.rejects(newsroom.renameTag(wanda, tag.id, 'Nope'), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        assert.deepEqual((await auditedSince(last)).reverse(), [
          `tag.create tag:${tag.id} Harbour Works`,
          `tag.rename tag:${tag.id} Harbour Projects`,
          `series.create series:${series.id} Tides of the Bay`,
          `series.update series:${series.id} Tides of the Inner Bay`,
          `section.update section:${s.local.id} Local News`,
        ]);
        assert.equal((await newsroom.createTag(eddie, 'harbour works')).id, tag.id, 'the same slug is the same tag, not a second entry');
        assert.equal((await auditedSince(last)).length, 5);
      });

      test('a photo upload and its metadata edits are audited; only the uploader or an editor may edit', async () => {
        const { default: sharp } = await import('sharp');
        const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).png().toBuffer();
        const connie = actorOf(users.Connie!);
        const colin = actorOf(users.Colin!);
        const eddie = actorOf(users.Eddie!);
        const last = (await storage.audit.recent(1))[0]?.id ?? 0;
        const asset = await newsroom.uploadMedia(connie, png, { caption: 'Quay', credit: 'Staff', alt: 'A quay' });
        await assert.rejects(newsroom.updateMedia(colin, asset.id, { caption: 'Not mine', credit: '', alt: '' }), rejectsWith('BS_ERR_AUTH_FORBIDDEN'));
        assert.equal((await storage.media.findById(asset.id))?.caption, 'Quay', 'a refused edit changes nothing');
        await newsroom.updateMedia(eddie, asset.id, { caption: 'The quay at dusk', credit: 'Staff', alt: 'A quay' });
        assert.equal((await storage.media.findById(asset.id))?.caption, 'The quay at dusk');
        const entries = (await storage.audit.recent(20)).filter((e) => e.id > last).map((e) => `${e.action} ${e.target} ${e.userId}`).reverse();
        assert.deepEqual(entries, [`media.upload media:${asset.id} ${connie.id}`, `media.update media:${asset.id} ${eddie.id}`]);
      });

      test('new tags named in a save are created for writers and up; a contributor naming one saves nothing', async () => {
        const eddie = actorOf(users.Eddie!);
        const wanda = actorOf(users.Wanda!);
        const connie = actorOf(users.Connie!);
        const { id } = await createDraft(deps(), connie, { headline: 'Tagged story', subsectionId: s.local.id });
        const refused = await newsroom
          .saveArticle(connie, { articleId: id, baseVersion: 1, content: content({ headline: 'Tagged story, edited' }), mode: 'save', newTags: ['Brand new tag'] })
          .catch((e: unknown) => e);
        assert.ok(isBroadsheetError(refused, 'BS_ERR_AUTH_FORBIDDEN'));
        assert.equal((await storage.articles.findForEdit(id))?.version, 1);
        assert.equal(await storage.tags.findBySlug('brand-new-tag'), undefined);
        const saved = await newsroom.saveArticle(eddie, { articleId: id, baseVersion: 1, content: content(), mode: 'save', newTags: ['Brand new tag'] });
        const tag = await storage.tags.findBySlug('brand-new-tag');
        assert.ok(tag);
        assert.deepEqual((await storage.articles.findForEdit(id))?.content.tagIds, [tag.id]);
        assert.equal(saved.version, 2);
        const { id: own } = await createDraft(deps(), wanda, { headline: 'A writer’s story', subsectionId: s.local.id });
        await newsroom.saveArticle(wanda, { articleId: own, baseVersion: 1, content: content({ authorIds: [wanda.authorId as number] }), mode: 'save', newTags: ['Writers tag too'] });
        assert.ok(await storage.tags.findBySlug('writers-tag-too'), 'a writer creates a tag while writing');
      });
    });
  });
}
