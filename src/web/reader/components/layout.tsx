import type { ComponentChildren } from 'preact';
import type { RenderContext } from '../render-context.ts';

export interface LayoutProps {
  ctx: RenderContext;
  /** The page's own title; the site name is appended. */
  title: string;
  description: string;
  /** Path of the canonical URL, e.g. /politics/. */
  canonicalPath?: string;
  /** Path of the section to mark as current in the navigation. */
  currentSection?: string;
  /** Set on article pages: the beacon reports a view of this article, with this signed token. */
  articleId?: number;
  viewToken?: string;
  noindex?: boolean;
  /** A newsroom preview: marked as such, not indexed, no view beacon. */
  preview?: boolean;
  aside?: ComponentChildren;
  /** Shown back in the header's search box on the results page. */
  searchQuery?: string;
  /** Extra head elements: structured data, social cards, feed links. */
  head?: ComponentChildren;
  children: ComponentChildren;
}

/** The document shell: head, skip link, masthead with section navigation, main, aside, footer. */
export function Layout(props: LayoutProps) {
  const { ctx } = props;
  const fullTitle = props.title === ctx.site.name ? ctx.site.name : `${props.title} | ${ctx.site.name}`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={props.description} />
        {props.noindex || props.preview ? <meta name="robots" content="noindex" /> : null}
        {props.canonicalPath ? <link rel="canonical" href={`${ctx.site.publicUrl}${props.canonicalPath}`} /> : null}
        <link rel="icon" href={ctx.site.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={ctx.site.assets.css} />
        <script src={ctx.site.assets.js} defer />
        <link rel="alternate" type="application/rss+xml" title={`${ctx.site.name}: latest news`} href="/feed/" />
        {props.head}
      </head>
      <body data-article-id={props.articleId} data-view-token={props.viewToken}>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="masthead">
          {props.preview ? (
            <p class="preview-banner">Preview: this is how the article will look to readers. It is not public until it is published.</p>
          ) : null}
          {ctx.site.demo ? (
            <p class="demo-banner">Demo edition: every story, person and place on this site is fictional.</p>
          ) : null}
          <div class="masthead-inner">
            <a class="brand" href="/">
              {ctx.site.name}
            </a>
            <form class="site-search" role="search" aria-label="Site" action="/search/" method="get">
              <label for="site-search-q" class="visually-hidden">
                Search articles
              </label>
              <input id="site-search-q" type="search" name="q" maxLength={200} value={props.searchQuery ?? ''} autocomplete="off" />
              <button type="submit">Search</button>
            </form>
          </div>
          <nav class="sections-nav" aria-label="Sections">
            <ul>
              <li>
                <a href="/" aria-current={props.canonicalPath === '/' ? 'page' : undefined}>
                  Home
                </a>
              </li>
              {(ctx.sections.menus.header ?? ctx.sections.roots().map((s) => ({ label: s.name, href: `/${s.path}/` }))).map((item) => (
                <li>
                  <a href={item.href} aria-current={props.currentSection !== undefined && item.href === `/${props.currentSection}/` ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <div class="page">
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          {props.aside}
        </div>
        <footer class="site-footer">
          {/* On every page once the site has a newsletter: the address goes on to the list, where the reader picks (each is double opt-in). */}
          {ctx.sections.newsletters ? (
            <form method="post" action="/newsletters/" class="footer-signup">
              <label for="footer-newsletter-email">Email for newsletters</label>
              <input id="footer-newsletter-email" name="email" type="email" required maxLength={254} autocomplete="email" />
              <button type="submit">Choose newsletters</button>
            </form>
          ) : null}
          <nav aria-label="Footer">
            <ul>
              {(ctx.sections.menus.footer ?? ctx.sections.roots().map((s) => ({ label: s.name, href: `/${s.path}/` }))).map((item) => (
                <li>
                  <a href={item.href}>{item.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <p>
            {ctx.site.name} runs on Broadsheet, open-source news publishing. Times are shown in{' '}
            {ctx.time.zoneLabel(ctx.now)}.
          </p>
        </footer>
      </body>
    </html>
  );
}
