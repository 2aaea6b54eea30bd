import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleCan } from '../../../core/access/roles.ts';
import { actorOf, type Actor } from '../../../core/access/types.ts';
import { ARTICLE_STATUSES, type ArticleStatus } from '../../../core/content/types.ts';
import { BroadsheetError, isBroadsheetError } from '../../../core/errors.ts';
import type { ArticleContent, EditableArticle } from '../../../core/newsroom/article-content.ts';
import { NEWSROOM_SORTS } from '../../../core/ports.ts';
import { WORKFLOW_ACTIONS, type WorkflowAction } from '../../../core/newsroom/change-status.ts';
import { type PublicChange } from '../../../core/newsroom/save-article.ts';
import { ArticlePageView } from '../../reader/pages/article-page.tsx';
import { toHtml } from '../../reader/render-page.tsx';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { ArticleListPage, NewArticlePage } from '../pages/article-list-pages.tsx';
import { EditorPage, type EditorModel } from '../pages/editor-page.tsx';
import { ComparePage, RevisionsPage } from '../pages/revision-pages.tsx';
import { form, FormList, FormText, IdParam, IdParams, ids, optionalId } from '../schemas.ts';

const PAGE_SIZE = 30;

const ListQuery = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 20 })),
  section: Type.Optional(Type.String({ maxLength: 12 })),
  author: Type.Optional(Type.String({ maxLength: 12 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
  saved: Type.Optional(Type.String({ maxLength: 12 })),
  mine: Type.Optional(Type.Literal('1')),
  // Dates in the edition's zone, as a date input sends them; anything else is ignored.
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
  sort: Type.Optional(Type.Union(NEWSROOM_SORTS.map((s) => Type.Literal(s)))),
});

const NewBody = form({ headline: FormText(2000), subsectionId: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) });

const SaveBody = form({
  version: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }),
  headline: FormText(2000),
  summary: FormText(5000),
  dateline: FormText(1000),
  bodyHtml: FormText(600_000),
  subsectionId: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }),
  tagIds: Type.Optional(FormList),
  newTags: Type.Optional(FormText(1000)),
  authorIds: Type.Optional(FormList),
  seriesId: Type.Optional(FormText(12)),
  leadMediaId: Type.Optional(FormText(12)),
  leadCaption: Type.Optional(FormText(5000)),
  leadCredit: Type.Optional(FormText(1000)),
  leadAlt: Type.Optional(FormText(2000)),
  isTopStory: Type.Optional(Type.Literal('on')),
  slug: Type.Optional(FormText(200)),
  leadToLibrary: Type.Optional(Type.Literal('on')),
  seoTitle: Type.Optional(FormText(1000)),
  seoDescription: Type.Optional(FormText(2000)),
  socialTitle: Type.Optional(FormText(1000)),
  socialDescription: Type.Optional(FormText(2000)),
  socialMediaId: Type.Optional(FormText(12)),
  changeKind: Type.Optional(Type.Union([Type.Literal('update'), Type.Literal('correction'), Type.Literal('silent')])),
  changeNote: Type.Optional(FormText(5000)),
});
type SaveBody = Static<typeof SaveBody>;

const WorkflowBody = form({
  version: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }),
  action: Type.Union(WORKFLOW_ACTIONS.map((a) => Type.Literal(a))),
  at: Type.Optional(FormText(40)),
});

const EditorQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 12 })), done: Type.Optional(Type.String({ maxLength: 20 })) });
const CompareQuery = Type.Object({ from: IdParam, to: IdParam });
const RestoreParams = Type.Object({ id: IdParam, revision: IdParam });
const VersionBody = form({ version: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) });

/** Turns the editor form into article content. Fields the actor may not change keep their current values. */
function contentFromForm(actor: Actor, body: SaveBody, current: EditableArticle): ArticleContent {
  const placement = roleCan(actor.role, 'article:edit-placement');
  const tagIds = ids(body.tagIds);
  const authorIds = ids(body.authorIds);
  const seriesId = optionalId(body.seriesId);
  const leadMediaId = optionalId(body.leadMediaId);
  const socialMediaId = optionalId(body.socialMediaId);
  if (!tagIds || !authorIds || seriesId === undefined || leadMediaId === undefined || socialMediaId === undefined) {
    throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: 'a list field holds something that is not an id' });
  }
  const optional = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v);
  return {
    headline: body.headline,
    summary: body.summary,
    bodyHtml: body.bodyHtml,
    dateline: body.dateline,
    subsectionId: Number(body.subsectionId),
    tagIds,
    authorIds: placement ? authorIds : current.content.authorIds,
    seriesId,
    leadMediaId,
    leadCaption: optional(body.leadCaption),
    leadCredit: optional(body.leadCredit),
    leadAlt: optional(body.leadAlt),
    isTopStory: placement ? body.isTopStory === 'on' : current.content.isTopStory,
    // A form without the settings fields (an old page still open) keeps them as they are.
    ...(body.slug === undefined
      ? {}
      : {
          seo: {
            slug: body.slug, title: body.seoTitle ?? '', description: body.seoDescription ?? '',
            socialTitle: body.socialTitle ?? '', socialDescription: body.socialDescription ?? '', socialMediaId,
          },
        }),
  };
}

/** Articles in the newsroom: list, start, edit, workflow, preview, revisions. */
export async function articleRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { newsroom } = kit;

  const editorModel = async (actor: Actor, article: EditableArticle, rejected?: EditorModel['rejected']): Promise<EditorModel> => ({
    ...(await newsroom.editorData(actor, article)),
    notes: await newsroom.notes(actor, article.id),
    alerts: roleCan(actor.role, 'newsletter:send') && article.status === 'published' ? (await kit.newsletters.list()).filter((n) => n.kind === 'alert').map((n) => ({ id: n.id, name: n.name })) : [],
    canSetAccess: roleCan(actor.role, 'article:access'),
    rejected,
  });

  const showEditor = async (request: FastifyRequest, reply: FastifyReply, article: EditableArticle, flash?: Flash, rejected?: EditorModel['rejected'], status = 200) => {
    const actor = actorOf(kit.session(request).user);
    return kit.page(reply, <EditorPage ctx={kit.context(request, reply)} model={await editorModel(actor, article, rejected)} flash={flash} />, status);
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>('/admin/articles/', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const user = kit.session(request).user;
    const q = request.query;
    const status = ARTICLE_STATUSES.includes(q.status as ArticleStatus) ? (q.status as ArticleStatus) : undefined;
    const section = q.section && /^[1-9][0-9]*$/.test(q.section) ? Number(q.section) : undefined;
    const author = q.author && /^[1-9][0-9]*$/.test(q.author) ? Number(q.author) : undefined;
    const page = q.page ? Number(q.page) : 1;
    // The start of a calendar day in the edition's zone; `to` includes its whole day (the next day's start).
    const day = (value: string | undefined, plusDays = 0) => {
      const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
      if (!m || !value) return undefined;
      const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays)).toISOString().slice(0, 10);
      const at = kit.time.parseLocal(`${date}T00:00`);
      return at === undefined ? undefined : { value, at };
    };
    const from = day(q.from);
    const to = day(q.to, 1);
    const { result, everything, views } = await newsroom.listArticles(actorOf(user), {
      ...(status ? { status } : {}),
      ...(section !== undefined ? { sectionId: section } : {}),
      ...(author !== undefined ? { authorId: author } : {}),
      ...(q.q !== undefined ? { query: q.q } : {}),
      ...(q.mine ? { mine: true } : {}),
      ...(from ? { publishedFrom: from.at } : {}),
      ...(to ? { publishedBefore: to.at } : {}),
      ...(q.sort ? { sort: q.sort } : {}),
      page,
      pageSize: PAGE_SIZE,
    });
    const [sections, authors] = await Promise.all([newsroom.sections(), newsroom.authors()]);
    return kit.page(
      reply,
      <ArticleListPage
        ctx={kit.context(request, reply)}
        sections={sections}
        authors={authors}
        query={{ status, section, author, q: q.q, page, mine: q.mine === '1', from: from?.value, to: to ? q.to : undefined, sort: q.sort }}
        result={result}
        views={views}
        pageSize={PAGE_SIZE}
        scopeNote={everything ? 'All articles in the newsroom.' : 'Articles you started or are bylined on.'}
      />,
    );
  });

  app.get('/admin/articles/new', async (request, reply) => {
    return kit.page(reply, <NewArticlePage ctx={kit.context(request, reply)} sections={await newsroom.sections()} />);
  });

  app.post<{ Body: Static<typeof NewBody> }>('/admin/articles/', { schema: { body: NewBody } }, async (request, reply) => {
    const actor = actorOf(kit.session(request).user);
    try {
      const { id } = await newsroom.createDraft(actor, { headline: request.body.headline, subsectionId: Number(request.body.subsectionId) });
      return reply.redirect(`/admin/articles/${id}/`, 303);
    } catch (err) {
      if (!isBroadsheetError(err, 'BS_ERR_CONTENT_INVALID')) throw err;
      const sections = await newsroom.sections();
      return kit.page(
        reply,
        <NewArticlePage ctx={kit.context(request, reply)} sections={sections} values={{ headline: request.body.headline.slice(0, 300), subsectionId: Number(request.body.subsectionId) }} flash={{ kind: 'error', text: err.message }} />,
        422,
      );
    }
  });

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof EditorQuery> }>(
    '/admin/articles/:id/',
    { schema: { params: IdParams, querystring: EditorQuery } },
    async (request, reply) => {
      const actor = actorOf(kit.session(request).user);
      const article = await newsroom.article(actor, Number(request.params.id));
      const flash: Flash | undefined = request.query.saved
        ? { kind: 'ok', text: `Saved (version ${request.query.saved}).` }
        : request.query.done === 'note'
          ? { kind: 'ok', text: 'Note added. Only the newsroom sees notes.' }
          : request.query.done
              ? { kind: 'ok', text: `Done: ${request.query.done.replace('_', ' ')}.` }
          : undefined;
      return showEditor(request, reply, article, flash);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: SaveBody }>(
    '/admin/articles/:id/',
    { schema: { params: IdParams, body: SaveBody }, bodyLimit: 6 * 1024 * 1024 },
    async (request, reply) => {
      const actor = actorOf(kit.session(request).user);
      const article = await newsroom.article(actor, Number(request.params.id));
      const body = request.body;
      try {
        const content = contentFromForm(actor, body, article);
        const newTags = (body.newTags ?? '').split(',').map((t) => t.trim()).filter(Boolean);
        const publicChange: PublicChange | undefined = body.changeKind ? { kind: body.changeKind, note: body.changeNote ?? '' } : undefined;
        const result = await newsroom.saveArticle(actor, {
          articleId: article.id, baseVersion: Number(body.version), content, mode: 'save', newTags, leadToLibrary: body.leadToLibrary === 'on', ...(publicChange ? { publicChange } : {}),
        });
        await kit.applyInvalidations(result.invalidates);
        return reply.redirect(`/admin/articles/${article.id}/?saved=${result.version}`, 303);
      } catch (err) {
        if (!isBroadsheetError(err) || err.status >= 500 || err.code === 'BS_ERR_ARTICLE_NOT_FOUND') throw err;
        // Nothing was saved: show the form again with what was typed and what is wrong.
        const fresh = (await newsroom.current(article.id)) ?? article;
        const field = typeof err.params.field === 'string' ? err.params.field : undefined;
        const fields: Record<string, unknown> = {
          ...body,
          tagIds: ids(body.tagIds) ?? [],
          authorIds: ids(body.authorIds) ?? fresh.content.authorIds,
          seriesId: optionalId(body.seriesId) ?? null,
          leadMediaId: optionalId(body.leadMediaId) ?? null,
          subsectionId: Number(body.subsectionId),
          isTopStory: body.isTopStory === 'on',
        };
        return showEditor(request, reply, fresh, { kind: 'error', text: err.message }, { fields, field }, err.status);
      }
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof WorkflowBody> }>(
    '/admin/articles/:id/workflow',
    { schema: { params: IdParams, body: WorkflowBody } },
    async (request, reply) => {
      const actor = actorOf(kit.session(request).user);
      const id = Number(request.params.id);
      const action = request.body.action as WorkflowAction;
      let at: number | undefined;
      if (action === 'schedule') {
        at = kit.time.parseLocal(request.body.at ?? '');
        if (at === undefined) {
          const article = await newsroom.article(actor, id);
          return showEditor(request, reply, article, { kind: 'error', text: 'Choose the date and time to publish.' }, undefined, 422);
        }
      }
      try {
        const result = await newsroom.changeStatus(actor, { articleId: id, baseVersion: Number(request.body.version), action, ...(at !== undefined ? { at } : {}) });
        await kit.applyInvalidations(result.invalidates);
        return reply.redirect(`/admin/articles/${id}/?done=${result.status}`, 303);
      } catch (err) {
        if (!isBroadsheetError(err) || err.status >= 500 || err.code === 'BS_ERR_ARTICLE_NOT_FOUND') throw err;
        const article = await newsroom.article(actor, id);
        return showEditor(request, reply, article, { kind: 'error', text: err.message }, undefined, err.status);
      }
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>('/admin/articles/:id/preview', { schema: { params: IdParams } }, async (request, reply) => {
    const actor = actorOf(kit.session(request).user);
    await newsroom.article(actor, Number(request.params.id));
    const page = await kit.reader.preview(Number(request.params.id));
    if (!page) throw new BroadsheetError('BS_ERR_ARTICLE_NOT_FOUND', { id: request.params.id });
    // The exact reader page, rendered by the reader's own templates; marked as a preview and not counted.
    const html = toHtml(kit, 200, page.sections, [], (ctx) => <ArticlePageView ctx={ctx} page={page} preview />).html;
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get<{ Params: Static<typeof IdParams> }>('/admin/articles/:id/revisions/', { schema: { params: IdParams } }, async (request, reply) => {
    const actor = actorOf(kit.session(request).user);
    const { article, revisions, canRestore } = await newsroom.revisions(actor, Number(request.params.id));
    return kit.page(reply, <RevisionsPage ctx={kit.context(request, reply)} article={article} revisions={revisions} canRestore={canRestore} />);
  });

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof CompareQuery> }>(
    '/admin/articles/:id/revisions/compare',
    { schema: { params: IdParams, querystring: CompareQuery } },
    async (request, reply) => {
      const actor = actorOf(kit.session(request).user);
      const { article, from, to, diff } = await newsroom.compare(actor, Number(request.params.id), Number(request.query.from), Number(request.query.to));
      return kit.page(reply, <ComparePage ctx={kit.context(request, reply)} article={article} from={from} to={to} diff={diff} />);
    },
  );

  app.post<{ Params: Static<typeof RestoreParams>; Body: Static<typeof VersionBody> }>(
    '/admin/articles/:id/revisions/:revision/restore',
    { schema: { params: RestoreParams, body: VersionBody } },
    async (request, reply) => {
      const actor = actorOf(kit.session(request).user);
      const id = Number(request.params.id);
      const result = await newsroom.restoreRevision(actor, { articleId: id, revisionId: Number(request.params.revision), baseVersion: Number(request.body.version) });
      await kit.applyInvalidations(result.invalidates);
      return reply.redirect(`/admin/articles/${id}/?saved=${result.version}`, 303);
    },
  );

}
