import { sharePresentation } from '../../../core/content/presentation.ts';
import type { Article, MediaAsset, Section } from '../../../core/content/types.ts';
import type { RenderContext } from '../render-context.ts';
import { mediaUrl } from './picture.tsx';

/**
 * JSON for a <script> element: `<`, `>`, `&` and the two JavaScript line terminators are escaped
 * as \u sequences, so no text an article holds ("</script>", say) can end the element early.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The renditions of an image a card or search result should use: the widest up to 1,200 px, largest first. */
function shareImages(media: MediaAsset): { url: string; width: number; height: number }[] {
  const all = [...media.variants, { key: media.key, width: media.width, height: media.height }];
  // One rendition per width (a 1,200 px WebP and the 1,200 px original are the same picture).
  const fitting = all.filter((v, i) => v.width <= 1200 && all.findIndex((o) => o.width === v.width) === i).sort((a, b) => b.width - a.width);
  const chosen = fitting.length > 0 ? fitting : [...all].sort((a, b) => a.width - b.width);
  return chosen.slice(0, 3).map((v) => ({ url: mediaUrl(v.key), width: v.width, height: v.height }));
}

/** schema.org NewsArticle for an article page (what search engines read for rich results). */
export function newsArticleData(ctx: RenderContext, a: Article, path: string, section: Section | undefined, subsection: Section | undefined) {
  const base = ctx.site.publicUrl;
  const images = a.lead ? shareImages(a.lead.media) : [];
  const modified = a.updatedAt !== null && a.updatedAt > a.publishedAt ? a.updatedAt : a.publishedAt;
  const corrections = a.updates.filter((u) => u.kind === 'correction');
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': `${base}${path}` },
    url: `${base}${path}`,
    headline: a.headline.length > 110 ? `${a.headline.slice(0, 109)}…` : a.headline,
    ...(a.summary || a.teaser ? { description: (a.summary || a.teaser).slice(0, 300) } : {}),
    ...(images.length > 0
      ? { image: images.map((i) => ({ '@type': 'ImageObject', url: `${base}${i.url}`, width: i.width, height: i.height })) }
      : {}),
    datePublished: ctx.time.isoWithOffset(a.publishedAt),
    dateModified: ctx.time.isoWithOffset(modified),
    author:
      a.authors.length > 0
        ? a.authors.map((au) => ({ '@type': 'Person', name: au.name, url: `${base}/author/${au.slug}/`, ...(au.title ? { jobTitle: au.title } : {}) }))
        : [{ '@type': 'Organization', name: ctx.site.name, url: `${base}/` }],
    publisher: {
      '@type': 'NewsMediaOrganization',
      name: ctx.site.name,
      url: `${base}/`,
      logo: { '@type': 'ImageObject', url: `${base}${ctx.site.assets.icon}` },
    },
    ...(section ? { articleSection: subsection && subsection.id !== section.id ? [section.name, subsection.name] : section.name } : {}),
    ...(a.tags.length > 0 ? { keywords: a.tags.map((t) => t.name) } : {}),
    ...(a.series ? { isPartOf: { '@type': 'CreativeWorkSeries', name: a.series.title, url: `${base}/series/${a.series.slug}/` } } : {}),
    ...(a.dateline ? { locationCreated: { '@type': 'Place', name: a.dateline } } : {}),
    ...(corrections.length > 0
      ? { correction: corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.note, datePublished: ctx.time.isoWithOffset(c.at) })) }
      : {}),
    inLanguage: 'en',
    // A walled article says so, and names the walled part, on every variant (readers and crawlers get the same page).
    isAccessibleForFree: a.access === 'public',
    ...(a.access === 'public' ? {} : { hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.story-body' } }),
  };
}

/** schema.org BreadcrumbList: home, section, sub-section, the article. */
export function breadcrumbData(ctx: RenderContext, a: Article, path: string, section: Section | undefined, subsection: Section | undefined) {
  const base = ctx.site.publicUrl;
  const crumbs = [
    { name: 'Home', url: `${base}/` },
    ...(section ? [{ name: section.name, url: `${base}/${section.path}/` }] : []),
    ...(subsection && subsection.id !== section?.id ? [{ name: subsection.name, url: `${base}/${subsection.path}/` }] : []),
    { name: a.headline, url: `${base}${path}` },
  ];
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: c.url })),
  };
}

/** Head elements of an article page: structured data, OpenGraph and Twitter cards, language alternates. */
export function ArticleHead(props: { ctx: RenderContext; article: Article; path: string; section: Section | undefined; subsection: Section | undefined }) {
  const { ctx, article: a, path, section, subsection } = props;
  const base = ctx.site.publicUrl;
  const url = `${base}${path}`;
  const share = sharePresentation(a);
  const card = a.socialImage ?? a.lead?.media;
  // The 1.91:1 card cut around the focal point, where there is one; else the widest rendition that fits.
  const image = card?.crops?.card ? { url: mediaUrl(card.crops.card.key), width: card.crops.card.width, height: card.crops.card.height } : card ? shareImages(card)[0] : undefined;
  const imageAlt = a.socialImage ? a.socialImage.alt : (a.lead?.alt ?? '');
  const modified = a.updatedAt !== null && a.updatedAt > a.publishedAt ? a.updatedAt : a.publishedAt;
  return (
    <>
      <link rel="alternate" hreflang="en" href={url} />
      <link rel="alternate" hreflang="x-default" href={url} />
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={ctx.site.name} />
      <meta property="og:title" content={share.title} />
      <meta property="og:description" content={share.description} />
      <meta property="og:url" content={url} />
      <meta property="og:locale" content="en_US" />
      {image ? (
        <>
          <meta property="og:image" content={`${base}${image.url}`} />
          <meta property="og:image:width" content={String(image.width)} />
          <meta property="og:image:height" content={String(image.height)} />
          <meta property="og:image:alt" content={imageAlt} />
        </>
      ) : null}
      <meta property="article:published_time" content={ctx.time.isoWithOffset(a.publishedAt)} />
      <meta property="article:modified_time" content={ctx.time.isoWithOffset(modified)} />
      {section ? <meta property="article:section" content={section.name} /> : null}
      {a.tags.map((t) => (
        <meta property="article:tag" content={t.name} />
      ))}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={share.title} />
      <meta name="twitter:description" content={share.description} />
      {image ? <meta name="twitter:image" content={`${base}${image.url}`} /> : null}
      {image ? <meta name="twitter:image:alt" content={imageAlt} /> : null}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(newsArticleData(ctx, a, path, section, subsection)) }} />
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptJson(breadcrumbData(ctx, a, path, section, subsection)) }} />
    </>
  );
}
