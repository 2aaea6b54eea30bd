import type { ComponentChildren } from 'preact';
import { roleCan } from '../../../core/access/roles.ts';
import type { AdminContext } from '../admin-context.ts';

/** The hidden CSRF field every newsroom form carries. */
export function Csrf(props: { ctx: AdminContext }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrf} />;
}

/** A notice at the top of a page: saved, error, or a one-time link to hand over. */
export interface Flash {
  readonly kind: 'ok' | 'error' | 'info';
  readonly text: string;
  /** A link shown in full so it can be copied (invitation and reset links). */
  readonly link?: string;
}

const NAV: readonly { href: string; label: string; show: (ctx: AdminContext) => boolean; key: string }[] = [
  { key: 'articles', href: '/admin/articles/', label: 'Articles', show: () => true },
  { key: 'new', href: '/admin/articles/new', label: 'New article', show: () => true },
  { key: 'media', href: '/admin/media/', label: 'Media', show: () => true },
  { key: 'pages', href: '/admin/pages/', label: 'Pages', show: (c) => !!c.user && roleCan(c.user.role, 'site:edit') },
  { key: 'front-page', href: '/admin/front-page/', label: 'Front page', show: (c) => !!c.user && roleCan(c.user.role, 'article:edit-placement') },
  { key: 'rankings', href: '/admin/rankings/', label: 'Rankings', show: (c) => !!c.user && roleCan(c.user.role, 'ranking:manage') },
  { key: 'taxonomy', href: '/admin/taxonomy/', label: 'Sections & tags', show: (c) => !!c.user && roleCan(c.user.role, 'taxonomy:manage') },
  { key: 'users', href: '/admin/users/', label: 'Users', show: (c) => !!c.user && roleCan(c.user.role, 'user:manage') },
  { key: 'api-keys', href: '/admin/api-keys/', label: 'API keys', show: (c) => !!c.user && roleCan(c.user.role, 'integration:manage') },
  { key: 'newsletters', href: '/admin/newsletters/', label: 'Newsletters', show: (c) => !!c.user && roleCan(c.user.role, 'newsletter:send') },
  { key: 'members', href: '/admin/members/', label: 'Members', show: (c) => !!c.user && roleCan(c.user.role, 'member:manage') },
  { key: 'plans', href: '/admin/plans/', label: 'Plans & paywall', show: (c) => !!c.user && roleCan(c.user.role, 'plan:manage') },
  { key: 'webhooks', href: '/admin/webhooks/', label: 'Webhooks', show: (c) => !!c.user && roleCan(c.user.role, 'integration:manage') },
  { key: 'tokens', href: '/admin/tokens/', label: 'API tokens', show: () => true },
  { key: 'audit', href: '/admin/audit/', label: 'Audit log', show: (c) => !!c.user && roleCan(c.user.role, 'user:manage') },
];

/** The newsroom's page shell. Pages are never cached and never indexed. */
export function AdminLayout(props: {
  ctx: AdminContext;
  title: string;
  active?: string;
  flash?: Flash | undefined;
  scripts?: readonly string[];
  wide?: boolean;
  children: ComponentChildren;
}) {
  const { ctx } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${props.title} | Newsroom | ${ctx.siteName}`}</title>
        <link rel="icon" href={ctx.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={ctx.assets.css} />
        <script src={ctx.assets.js} defer />
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer />
        ))}
      </head>
      <body class="admin" data-csrf={ctx.csrf}>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="admin-header">
          <a class="admin-brand" href="/admin/">
            {ctx.siteName} <span>Newsroom</span>
          </a>
          {ctx.user ? (
            <>
              <nav aria-label="Newsroom">
                <ul>
                  {NAV.filter((n) => n.show(ctx)).map((n) => (
                    <li>
                      <a href={n.href} aria-current={props.active === n.key ? 'page' : undefined}>
                        {n.label}
                      </a>
                    </li>
                  ))}
                  <li>
                    <a href="/" target="_blank" rel="noopener">
                      View site
                    </a>
                  </li>
                </ul>
              </nav>
              <div class="whoami">
                <a href="/admin/account/">
                  {ctx.user.name} <span class="role">{ctx.user.role}</span>
                </a>
                <form method="post" action="/admin/logout" class="inline-form">
                  <Csrf ctx={ctx} />
                  <button type="submit" class="link-button">
                    Log out
                  </button>
                </form>
              </div>
            </>
          ) : null}
        </header>
        <main id="main" tabindex={-1} class={props.wide ? 'wide' : undefined}>
          {props.flash ? (
            <div class={`flash flash-${props.flash.kind}`} role={props.flash.kind === 'error' ? 'alert' : 'status'}>
              <p>{props.flash.text}</p>
              {props.flash.link ? (
                <p>
                  <input class="copy-link" type="text" readonly value={props.flash.link} aria-label="One-time link" />
                </p>
              ) : null}
            </div>
          ) : null}
          {props.children}
        </main>
      </body>
    </html>
  );
}
