import { BroadsheetError } from '../errors.ts';
import type { Repositories } from '../ports.ts';
import type { StoredContent } from './article-content.ts';

/**
 * Checks that every tag, byline, series and photo an article points at exists, so a bad id is a
 * clear 422 naming the field instead of a foreign-key failure.
 */
export async function checkReferences(tx: Repositories, content: StoredContent): Promise<void> {
  const tags = await tx.tags.findByIds(content.tagIds);
  if (tags.length !== content.tagIds.length) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'tags', detail: 'a tag does not exist (create it first)' });
  }
  if (content.authorIds.length > 0) {
    const known = new Set((await tx.authors.listAll()).map((a) => a.id));
    if (!content.authorIds.every((id) => known.has(id))) {
      throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'bylines', detail: 'a byline does not exist' });
    }
  }
  if (content.seriesId !== null && !(await tx.series.listAll()).some((s) => s.id === content.seriesId)) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'series', detail: 'the series does not exist' });
  }
  if (content.leadMediaId !== null && !(await tx.media.findById(content.leadMediaId))) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'photo', detail: 'the photo does not exist' });
  }
  if (content.seo.socialMediaId !== null && !(await tx.media.findById(content.seo.socialMediaId))) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'social image', detail: 'the photo does not exist' });
  }
}
