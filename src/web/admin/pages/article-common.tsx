/* Labels and small pieces shared by the newsroom's article pages. */
import type { SectionIndex } from '../../../core/content/article-path.ts';
import { type ArticleStatus } from '../../../core/content/types.ts';
import type { AdminContext } from '../admin-context.ts';

export const STATUS_LABEL: Readonly<Record<ArticleStatus, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Unpublished',
};

export function when(ctx: AdminContext, at: number | null): string {
  return at === null ? '' : ctx.time.timestamp(at);
}

export function SubsectionOptions(props: { sections: SectionIndex; selected?: number | undefined }) {
  return (
    <>
      {props.sections.roots().map((root) => (
        <optgroup label={root.name}>
          {props.sections.children(root.id).map((sub) => (
            <option value={String(sub.id)} selected={props.selected === sub.id}>
              {sub.name}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
