import type { StaticPage } from '../../../core/pages/page-ports.ts';
import { htmlToText, sanitizeBody } from '../../../core/content/sanitize.ts';
import { Layout } from '../components/layout.tsx';
import type { RenderContext } from '../render-context.ts';

/** A static page (About, Contact, the corrections policy): its title and body, in the site's frame. */
export function StaticPageView(props: { ctx: RenderContext; page: StaticPage }) {
  const { ctx, page } = props;
  const body = sanitizeBody(page.bodyHtml);
  return (
    <Layout ctx={ctx} title={page.title} description={htmlToText(body).slice(0, 160)} canonicalPath={`/pages/${page.slug}/`}>
      <article class="static-page">
        <h1>{page.title}</h1>
        <div class="story-body" dangerouslySetInnerHTML={{ __html: body }} />
        <p class="muted small">Last changed {ctx.time.timestamp(page.updatedAt)}.</p>
      </article>
    </Layout>
  );
}
