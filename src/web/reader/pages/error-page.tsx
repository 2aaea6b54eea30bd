import { Layout } from '../components/layout.tsx';
import type { RenderContext } from '../render-context.ts';

const COPY: Readonly<Record<number, { title: string; lead: string }>> = {
  400: { title: 'That address is not quite right', lead: 'Part of the address could not be understood.' },
  404: { title: 'Page not found', lead: 'There is no page at this address. It may have moved, or the link may be mistyped.' },
  500: { title: 'Something went wrong', lead: 'We could not show this page just now. Please try again in a moment.' },
};

/** Error pages that help: what happened, a search box, and the way back into the site. */
export function ErrorPageView(props: { ctx: RenderContext; status: number; code: string; detail?: string }) {
  const { ctx } = props;
  const copy = COPY[props.status] ?? COPY[500] ?? { title: 'Error', lead: '' };
  return (
    <Layout ctx={ctx} title={copy.title} description={copy.lead} noindex>
      <div class="error-page">
        <h1>{copy.title}</h1>
        <p class="lead">{copy.lead}</p>
        {props.detail && !copy.lead.startsWith(props.detail) ? <p class="error-detail">{props.detail}</p> : null}
        <p class="error-code">
          Error code: <code>{props.code}</code>
        </p>
        <form class="search-form" action="/search/" method="get" role="search" aria-label="Search from this page">
          <label for="error-search">Search the site</label>
          <input id="error-search" type="search" name="q" maxlength={200} />
          <button type="submit">Search</button>
        </form>
        <h2>Sections</h2>
        <ul class="section-links">
          <li>
            <a href="/">Home page</a>
          </li>
          {ctx.sections.roots().map((s) => (
            <li>
              <a href={`/${s.path}/`}>{s.name}</a>
            </li>
          ))}
        </ul>
      </div>
    </Layout>
  );
}
