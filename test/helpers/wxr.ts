import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/*
 * WordPress export files written the way WordPress writes them (WXR 1.2: CDATA fields, wp:postmeta,
 * nested categories by slug), for edge cases the peers' export lacks and for large generated archives.
 */

export interface WxrPost {
  readonly id: number;
  readonly title: string;
  readonly content: string;
  readonly type?: 'post' | 'page' | 'attachment';
  readonly status?: string;
  readonly password?: string;
  readonly name?: string;
  /** Site-local and UTC "YYYY-MM-DD HH:MM:SS". */
  readonly date?: string;
  readonly dateGmt?: string;
  readonly link?: string;
  readonly creator?: string;
  readonly categories?: readonly { domain: 'category' | 'post_tag'; nicename: string; name: string }[];
  readonly meta?: Readonly<Record<string, string>>;
  readonly excerpt?: string;
  readonly attachmentUrl?: string;
  readonly parent?: number;
}

const cdata = (s: string) => `<![CDATA[${s.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export const SITE = 'https://old.example.org';

export function wxrHead(extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Old Site</title>
	<link>${SITE}</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>${SITE}</wp:base_site_url>
	<wp:base_blog_url>${SITE}</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('editor')}</wp:author_login><wp:author_email>${cdata('editor@example.org')}</wp:author_email><wp:author_display_name>${cdata('Ed Itor')}</wp:author_display_name></wp:author>
	<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>${cdata('national')}</wp:category_nicename><wp:category_parent>${cdata('')}</wp:category_parent><wp:cat_name>${cdata('National')}</wp:cat_name></wp:category>
	<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>${cdata('crime-courts')}</wp:category_nicename><wp:category_parent>${cdata('national')}</wp:category_parent><wp:cat_name>${cdata('Crime &amp; Courts')}</wp:cat_name></wp:category>
	<wp:tag><wp:term_id>4</wp:term_id><wp:tag_slug>${cdata('courts')}</wp:tag_slug><wp:tag_name>${cdata('Courts')}</wp:tag_name></wp:tag>
${extra}`;
}

export function wxrItem(p: WxrPost): string {
  const type = p.type ?? 'post';
  const status = p.status ?? (type === 'attachment' ? 'inherit' : 'publish');
  const gmt = p.dateGmt ?? '2025-06-18 06:46:00';
  return `	<item>
		<title>${cdata(p.title)}</title>
		<link>${p.link ?? `${SITE}/?p=${p.id}`}</link>
		<pubDate>Wed, 18 Jun 2025 06:46:00 +0000</pubDate>
		<dc:creator>${cdata(p.creator ?? 'editor')}</dc:creator>
		<guid isPermaLink="false">${SITE}/?p=${p.id}</guid>
		<description></description>
		<content:encoded>${cdata(p.content)}</content:encoded>
		<excerpt:encoded>${cdata(p.excerpt ?? '')}</excerpt:encoded>
		<wp:post_id>${p.id}</wp:post_id>
		<wp:post_date>${cdata(p.date ?? gmt)}</wp:post_date>
		<wp:post_date_gmt>${cdata(gmt)}</wp:post_date_gmt>
		<wp:post_modified>${cdata(p.date ?? gmt)}</wp:post_modified>
		<wp:post_modified_gmt>${cdata(gmt === '0000-00-00 00:00:00' ? '2025-06-18 06:46:00' : gmt)}</wp:post_modified_gmt>
		<wp:post_name>${cdata(p.name ?? '')}</wp:post_name>
		<wp:status>${cdata(status)}</wp:status>
		<wp:post_parent>${p.parent ?? 0}</wp:post_parent>
		<wp:post_type>${cdata(type)}</wp:post_type>
		<wp:post_password>${cdata(p.password ?? '')}</wp:post_password>
${p.attachmentUrl ? `		<wp:attachment_url>${cdata(p.attachmentUrl)}</wp:attachment_url>\n` : ''}${(p.categories ?? []).map((c) => `		<category domain="${c.domain}" nicename="${c.nicename}">${cdata(c.name)}</category>\n`).join('')}${Object.entries(p.meta ?? {}).map(([k, v]) => `		<wp:postmeta><wp:meta_key>${cdata(k)}</wp:meta_key><wp:meta_value>${cdata(v)}</wp:meta_value></wp:postmeta>\n`).join('')}	</item>
`;
}

export const WXR_TAIL = '</channel>\n</rss>\n';

export function wxr(items: readonly WxrPost[]): string {
  return wxrHead() + items.map(wxrItem).join('') + WXR_TAIL;
}

const WORDS = 'harbour council budget railway typhoon minister election court festival market energy river school museum airport'.split(' ');

/** A generated archive of `count` published posts (about 2.5 KB each), streamed to `file`. */
export async function writeGeneratedWxr(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(wxrHead());
  for (let i = 1; i <= count; i++) {
    const w = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length] as string;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const para = (k: number) => `<!-- wp:paragraph -->\n<p>${Array.from({ length: 60 }, (_, j) => w(k + j)).join(' ')}.</p>\n<!-- /wp:paragraph -->`;
    await write(wxrItem({
      id: 1000 + i,
      title: `Story ${i}: the ${w(1)} and the ${w(2)}`,
      name: `story-${i}-the-${w(1)}-and-the-${w(2)}`,
      content: [para(1), `<!-- wp:heading -->\n<h2>The ${w(3)}</h2>\n<!-- /wp:heading -->`, para(2), para(3)].join('\n\n'),
      dateGmt: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${day} 0${i % 10}:15:00`,
      link: `${SITE}/2024/${String(1 + (i % 12)).padStart(2, '0')}/${day}/story-${i}/`,
      categories: [
        { domain: 'category', nicename: i % 3 === 0 ? 'crime-courts' : 'national', name: i % 3 === 0 ? 'Crime &amp; Courts' : 'National' },
        { domain: 'post_tag', nicename: 'courts', name: 'Courts' },
      ],
    }));
  }
  await write(WXR_TAIL);
  out.end();
  await once(out, 'finish');
}
