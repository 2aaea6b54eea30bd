import { escapeHtml } from '../content/sanitize.ts';
import type { MailMessage } from '../ports.ts';
import type { Edition, Newsletter } from './newsletter-ports.ts';

export interface StoryLink {
  readonly headline: string;
  readonly teaser: string;
  readonly url: string;
}

/** An edition's text and HTML from lists of stories, built from the same words. */
export function composeEdition(title: string, blocks: readonly { heading: string; stories: readonly StoryLink[] }[]): { text: string; html: string } {
  const text = [title, '', ...blocks.flatMap((b) => [b.heading.toUpperCase(), '', ...b.stories.flatMap((s) => [s.headline, s.teaser, s.url, '']), ''])].join('\n').trim();
  const html = [
    `<h1>${escapeHtml(title)}</h1>`,
    ...blocks.map(
      (b) =>
        `<h2>${escapeHtml(b.heading)}</h2><ul>${b.stories.map((s) => `<li><a href="${escapeHtml(s.url)}">${escapeHtml(s.headline)}</a>${s.teaser ? `<p>${escapeHtml(s.teaser)}</p>` : ''}</li>`).join('')}</ul>`,
    ),
  ].join('');
  return { text, html };
}

/**
 * One recipient's mail: the edition with a link to its web version and an unsubscribe link that works
 * without signing in, plus List-Unsubscribe with one-click (RFC 8058). No tracking pixel, no rewritten links.
 * The Message-ID is fixed per edition and recipient: a copy sent again after a crash is the same message.
 */
export function editionMail(input: { newsletter: Newsletter; edition: Edition; to: string; memberId: number; unsubscribeUrl: string; webUrl: string; siteName: string; host: string }): MailMessage {
  const { newsletter, edition } = input;
  const footer = `You get ${newsletter.name} from ${input.siteName} because you subscribed.`;
  return {
    to: input.to,
    subject: edition.subject,
    text: `${edition.text}\n\n--\nRead it on the web: ${input.webUrl}\n${footer}\nUnsubscribe: ${input.unsubscribeUrl}`,
    html: `<!DOCTYPE html><html lang="en"><body style="font-family:sans-serif;line-height:1.5;max-width:40rem">${edition.html}<hr><p style="color:#555"><a href="${escapeHtml(input.webUrl)}">Read it on the web</a>. ${escapeHtml(footer)} <a href="${escapeHtml(input.unsubscribeUrl)}">Unsubscribe</a>.</p></body></html>`,
    headers: { 'List-Unsubscribe': `<${input.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': `${newsletter.name} <${newsletter.slug}.${input.host}>` },
    messageId: `<edition-${edition.id}.member-${input.memberId}@${input.host}>`,
  };
}
