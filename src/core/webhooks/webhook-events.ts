import type { Repositories } from '../ports.ts';
import type { WebhookEventType } from './webhook-ports.ts';

/*
 * The events changes emit, written to the outbox by the change's own transaction (so an event exists
 * exactly when its change committed: a crash loses none and invents none). Payloads are thin: what
 * changed and where to read it; a receiver reads the current article from the Content API.
 */

export interface ArticleEventSubject {
  readonly id: number;
  readonly headline: string;
  readonly status: string;
  readonly version: number;
  readonly publishedAt: number | null;
  readonly updatedAt: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export async function emitArticleEvent(tx: Repositories, type: Extract<WebhookEventType, `article.${string}`>, article: ArticleEventSubject, at: number, note = ''): Promise<void> {
  const data = {
    article: {
      id: article.id,
      headline: article.headline,
      status: article.status,
      version: article.version,
      published_at: iso(article.publishedAt),
      updated_at: iso(article.updatedAt),
      content_api: `/api/content/v1/articles/${article.id}`,
    },
    ...(type === 'article.corrected' || (type === 'article.updated' && note) ? { note } : {}),
  };
  await tx.webhooks.enqueue({ type, subject: `article:${article.id}`, payload: JSON.stringify(data), at });
}

export async function emitPageEvent(tx: Repositories, page: { id: number; slug: string; title: string; status: string; version: number }, at: number): Promise<void> {
  const data = { page: { id: page.id, slug: page.slug, title: page.title, status: page.status, version: page.version, content_api: `/api/content/v1/pages/${page.slug}` } };
  await tx.webhooks.enqueue({ type: 'page.changed', subject: `page:${page.id}`, payload: JSON.stringify(data), at });
}
