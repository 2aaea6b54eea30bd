import type { ArticleContent } from './article-content.ts';

/**
 * The pre-publish checklist: what a desk checks before an article goes out. Each item warns in the
 * editor; where the newsroom sets BROADSHEET_PUBLISH_CHECKLIST=block, publishing and scheduling are
 * refused until every item passes (changeStatus). The editor page runs the same function in the
 * browser, so the list it shows is the rule the server applies.
 */
export type ChecklistMode = 'warn' | 'block';

export interface CheckItem {
  readonly id: 'headline' | 'summary' | 'photo' | 'photo-text' | 'tags';
  readonly label: string;
  readonly ok: boolean;
}

/** Headlines longer than this are cut in search results and on phones. */
export const HEADLINE_TARGET = 100;

/** The lead photo's own text from the library, used where the article has not written its own. */
export interface LeadPhotoText {
  readonly alt: string;
  readonly credit: string;
}

export function publishChecklist(content: Pick<ArticleContent, 'headline' | 'summary' | 'leadMediaId' | 'leadAlt' | 'leadCredit' | 'tagIds'>, lead: LeadPhotoText | undefined): CheckItem[] {
  const headline = [...content.headline.trim()].length;
  const alt = (content.leadAlt ?? '').trim() || lead?.alt.trim() || '';
  const credit = (content.leadCredit ?? '').trim() || lead?.credit.trim() || '';
  return [
    { id: 'headline', label: `Headline of at most ${HEADLINE_TARGET} characters (now ${headline})`, ok: headline > 0 && headline <= HEADLINE_TARGET },
    { id: 'summary', label: 'A summary under the headline', ok: content.summary.trim() !== '' },
    { id: 'photo', label: 'A lead photo', ok: content.leadMediaId !== null },
    { id: 'photo-text', label: 'Lead photo alt text and credit', ok: content.leadMediaId !== null && alt !== '' && credit !== '' },
    { id: 'tags', label: 'At least one tag', ok: content.tagIds.length > 0 },
  ];
}
