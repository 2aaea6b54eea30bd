import type { SectionIndex } from '../../core/content/article-path.ts';
import type { User } from '../../core/access/types.ts';
import type { EditionTime } from '../../core/time/edition-time.ts';

/** What every newsroom page needs: who is looking, the form token, the site. */
export interface AdminContext {
  readonly siteName: string;
  readonly publicUrl: string;
  readonly time: EditionTime;
  readonly now: number;
  readonly user: User | undefined;
  /** CSRF token for this session; goes into every form and the X-CSRF-Token header. */
  readonly csrf: string;
  readonly assets: { readonly css: string; readonly js: string; readonly editor: string; readonly pageEditor: string; readonly icon: string };
  readonly sections?: SectionIndex;
  /** How often an open editor reports presence and refreshes its soft lock. */
  readonly heartbeatMs?: number;
}
