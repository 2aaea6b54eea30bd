import type { Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';
import { contentMigration } from './001-content.ts';
import { newsroomMigration } from './002-newsroom.ts';
import { rankingsMigration } from './003-rankings.ts';
import { searchMigration } from './004-search.ts';
import { searchFacetsMigration } from './005-search-facets.ts';
import { articleSeoMigration } from './006-article-seo.ts';
import { frontPageOrderMigration } from './007-front-page-order.ts';
import { authorProfilesMigration } from './008-author-profiles.ts';
import { twoFactorMigration } from './009-two-factor.ts';
import { pagesAndMenusMigration } from './010-pages-and-menus.ts';
import { focalPointsMigration } from './011-focal-points.ts';
import { collaborationMigration } from './012-collaboration.ts';
import { tagCurationMigration } from './013-tag-curation.ts';
import { redirectsMigration } from './014-redirects.ts';
import { archiveImportMigration } from './015-archive-import.ts';
import { apiKeysMigration } from './016-api-keys.ts';
import { adminApiAndWebhooksMigration } from './017-admin-api-and-webhooks.ts';
import { membersMigration } from './018-members.ts';
import { newslettersMigration } from './019-newsletters.ts';
import { plansAndPaywallMigration } from './020-plans-and-paywall.ts';

/** The one migration list for both databases, in order. Names never change once released. */
export function migrations(caps: DialectCapabilities): Record<string, Migration> {
  return {
    '001-content': contentMigration(caps),
    '002-newsroom': newsroomMigration(caps),
    '003-rankings': rankingsMigration(caps),
    '004-search': searchMigration(caps),
    '005-search-facets': searchFacetsMigration(caps),
    '006-article-seo': articleSeoMigration(),
    '007-front-page-order': frontPageOrderMigration(),
    '008-author-profiles': authorProfilesMigration(),
    '009-two-factor': twoFactorMigration(caps),
    '010-pages-and-menus': pagesAndMenusMigration(caps),
    '011-focal-points': focalPointsMigration(),
    '012-collaboration': collaborationMigration(caps),
    '013-tag-curation': tagCurationMigration(),
    '014-redirects': redirectsMigration(caps),
    '015-archive-import': archiveImportMigration(caps),
    '016-api-keys': apiKeysMigration(caps),
    '017-admin-api-and-webhooks': adminApiAndWebhooksMigration(caps),
    '018-members': membersMigration(caps),
    '019-newsletters': newslettersMigration(caps),
    '020-plans-and-paywall': plansAndPaywallMigration(caps),
  };
}
