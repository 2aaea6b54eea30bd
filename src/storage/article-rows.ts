/*
 * How articles are read from the tables: the summary query every list uses, the row-to-model mapping,
 * list scopes as WHERE clauses, and a whole article with its links. Used by article-repository.ts.
 */
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';

import { isArticleAccess, type Article, type ArticleSummary, type ListScope, type UpdateKind } from '../core/content/types.ts';
import { publicTeaser } from '../core/content/excerpt.ts';

import { toMediaAsset } from './rows.ts';
import { seoFromStored } from '../core/content/article-seo.ts';
import type { Database } from './schema.ts';

export type From = Database & { a: Database['articles'] };

/** Published means status published; scheduled articles stay invisible until the scheduler flips them. */
export const PUBLISHED = 'published';

export function summaryQuery(db: Kysely<Database>, publishedOnly = true) {
  let q = db
    .selectFrom('articles as a')
    .leftJoin('series as s', 's.id', 'a.series_id')
    .leftJoin('media as m', 'm.id', 'a.lead_media_id');
  if (publishedOnly) q = q.where('a.status', '=', PUBLISHED).where('a.published_at', 'is not', null);
  return q
    .select([
      'a.id',
      'a.headline',
      'a.slug',
      'a.teaser',
      'a.summary',
      'a.access',
      'a.section_id',
      'a.subsection_id',
      'a.series_id',
      's.title as series_title',
      'a.published_at',
      'a.updated_at',
      'a.scheduled_for',
      'a.modified_at',
      'a.is_top_story',
      'm.id as m_id',
      'm.storage_key as m_key',
      'm.mime as m_mime',
      'm.width as m_width',
      'm.height as m_height',
      'm.alt as m_alt',
      'm.caption as m_caption',
      'm.credit as m_credit',
      'm.variants as m_variants',
      'm.focal_x as m_focal_x',
      'm.focal_y as m_focal_y',
      'm.crops as m_crops',
    ])
    .select((eb) =>
      eb
        .selectFrom('article_updates as u')
        .whereRef('u.article_id', '=', 'a.id')
        .where('u.kind', '=', 'update')
        .select(eb.fn.countAll<number>().as('n'))
        .as('update_count'),
    );
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['executeTakeFirstOrThrow']>>;

export function toSummary(row: SummaryRow): ArticleSummary {
  // An unknown value (a newer build's) walls the article rather than opening it.
  const access = isArticleAccess(row.access) ? row.access : 'paid';
  return {
    id: row.id,
    headline: row.headline,
    slug: row.slug,
    teaser: publicTeaser(access, row.teaser, row.summary),
    access,
    sectionId: row.section_id,
    subsectionId: row.subsection_id,
    seriesId: row.series_id,
    seriesTitle: row.series_title,
    // A preview of an unpublished article shows the time it would go out (or now).
    publishedAt: row.published_at ?? row.scheduled_for ?? row.modified_at,
    updatedAt: row.updated_at,
    updateCount: Number(row.update_count ?? 0),
    isTopStory: row.is_top_story === 1,
    thumbnail:
      row.m_id === null
        ? null
        : toMediaAsset({
            id: row.m_id,
            storage_key: row.m_key as string,
            mime: row.m_mime as string,
            width: row.m_width as number,
            height: row.m_height as number,
            alt: row.m_alt as string,
            caption: row.m_caption as string,
            credit: row.m_credit as string,
            variants: row.m_variants as string,
            focal_x: row.m_focal_x,
            focal_y: row.m_focal_y,
            crops: row.m_crops,
          }),
  };
}

export function whereScope<O>(
  query: SelectQueryBuilder<From & { s: Database['series']; m: Database['media'] }, 'a' | 's' | 'm', O>,
  scope: ListScope,
) {
  switch (scope.kind) {
    case 'all':
      return query;
    case 'top':
      return query.where('a.is_top_story', '=', 1);
    case 'section':
      return query.where('a.section_id', '=', scope.id);
    case 'subsection':
      return query.where('a.subsection_id', '=', scope.id);
    case 'series':
      return query.where('a.series_id', '=', scope.id);
    case 'tag':
      return query.where((eb: ExpressionBuilder<From, 'a'>) =>
        eb('a.id', 'in', eb.selectFrom('article_tags').select('article_id').where('tag_id', '=', scope.id)),
      );
    case 'author':
      return query.where((eb: ExpressionBuilder<From, 'a'>) =>
        eb('a.id', 'in', eb.selectFrom('article_authors').select('article_id').where('author_id', '=', scope.id)),
      );
  }
}

/** One article with its tags, bylines, series and update history (published only, or in any status). */
export async function loadArticle(db: Kysely<Database>, id: number, publishedOnly: boolean): Promise<Article | undefined> {
  const row = await summaryQuery(db, publishedOnly)
    .where('a.id', '=', id)
    .select(['a.summary', 'a.body_html', 'a.dateline', 'a.lead_media_id', 'a.lead_caption', 'a.lead_credit', 'a.lead_alt', 'a.seo_json'])
    .select(['s.slug as series_slug', 's.description as series_description'])
    .executeTakeFirst();
  if (!row) return undefined;
  const seo = seoFromStored(row.slug, row.seo_json);
  const [tags, authors, updates, social] = await Promise.all([
    db
      .selectFrom('article_tags as at')
      .innerJoin('tags as t', 't.id', 'at.tag_id')
      .select(['t.id', 't.slug', 't.name'])
      .where('at.article_id', '=', id)
      .orderBy('at.position')
      .orderBy('t.id')
      .execute(),
    db
      .selectFrom('article_authors as aa')
      .innerJoin('authors as au', 'au.id', 'aa.author_id')
      .select(['au.id', 'au.slug', 'au.name', 'au.title'])
      .where('aa.article_id', '=', id)
      .orderBy('aa.position')
      .orderBy('au.id')
      .execute(),
    db
      .selectFrom('article_updates')
      .select(['id', 'kind', 'note', 'created_at'])
      .where('article_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    seo.socialMediaId === null ? undefined : db.selectFrom('media').selectAll().where('id', '=', seo.socialMediaId).executeTakeFirst(),
  ]);
  const summary = toSummary(row);
  const media = summary.thumbnail;
  return {
    ...summary,
    summary: row.summary,
    bodyHtml: row.body_html,
    dateline: row.dateline,
    lead: media
      ? {
          media,
          caption: row.lead_caption ?? media.caption,
          credit: row.lead_credit ?? media.credit,
          alt: row.lead_alt ?? media.alt,
        }
      : null,
    tags,
    authors,
    series:
      row.series_id === null
        ? null
        : {
            id: row.series_id,
            slug: row.series_slug as string,
            title: row.series_title as string,
            description: row.series_description as string,
          },
    updates: updates.map((u) => ({ id: u.id, kind: u.kind as UpdateKind, note: u.note, at: u.created_at })),
    seo,
    socialImage: social ? toMediaAsset(social) : null,
  };
}

export function groupBy<R, K, V>(rows: readonly R[], key: (r: R) => K, value: (r: R) => V): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(value(r));
    else out.set(k, [value(r)]);
  }
  return out;
}
