import { createArticle, type ArticleDraft } from '../../src/core/content/create-article.ts';
import type { Section } from '../../src/core/content/types.ts';
import type { Storage } from '../../src/core/ports.ts';

/** Two sections with two sub-sections each. */
export async function makeSections(storage: Storage) {
  const news = await storage.sections.create({ slug: 'news', name: 'News', parentId: null, position: 0, description: 'All the news' });
  const local = await storage.sections.create({ slug: 'local', name: 'Local', parentId: news.id, position: 1, description: '' });
  const national = await storage.sections.create({ slug: 'national', name: 'National', parentId: news.id, position: 2, description: '' });
  const sport = await storage.sections.create({ slug: 'sport', name: 'Sport', parentId: null, position: 3, description: '' });
  const football = await storage.sections.create({ slug: 'football', name: 'Football', parentId: sport.id, position: 4, description: '' });
  return { news, local, national, sport, football };
}

/** A published-article draft with overridable fields. */
export function draft(subsection: Section, overrides: Partial<ArticleDraft> = {}): ArticleDraft {
  return {
    status: 'published',
    subsection,
    headline: 'A headline',
    summary: '',
    bodyHtml: '<p>Body text of the article.</p>',
    dateline: 'TOKYO',
    leadMediaId: null,
    leadCaption: null,
    leadCredit: null,
    leadAlt: null,
    seriesId: null,
    isTopStory: false,
    publishedAt: Date.parse('2026-03-01T00:00:00Z'),
    tagIds: [],
    authorIds: [],
    sourceKey: null,
    updates: [],
    ...overrides,
  };
}

/** Creates an article in its own transaction, as every writer does. */
export async function addArticle(storage: Storage, d: ArticleDraft): Promise<number> {
  return storage.transaction(async (tx) => (await createArticle(tx, d, Date.parse('2026-03-01T00:00:00Z'))).id);
}
