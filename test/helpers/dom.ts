import assert from 'node:assert/strict';
import { load, type CheerioAPI } from 'cheerio';

/**
 * A page parsed as a browser would, for assertions on its structure: elements by CSS selector, their
 * text as a reader sees it (entities decoded, whitespace collapsed) and their attributes, instead of
 * regular expressions over markup that break when an attribute moves.
 */
export interface Page {
  readonly $: CheerioAPI;
  /** The text of the first element matching `selector` (whitespace collapsed); fails when there is none. */
  text(selector: string): string;
  /** The texts of every element matching `selector`. */
  texts(selector: string): string[];
  /** An attribute of the first element matching `selector`; fails when there is no such element. */
  attr(selector: string, name: string): string | undefined;
  /** An attribute of every element matching `selector`. */
  attrs(selector: string, name: string): string[];
  count(selector: string): number;
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

export function parsePage(html: string): Page {
  const $ = load(html);
  const first = (selector: string) => {
    const found = $(selector).first();
    assert.ok(found.length > 0, `no element matches ${selector}`);
    return found;
  };
  return {
    $,
    text: (selector) => collapse(first(selector).text()),
    texts: (selector) => $(selector).toArray().map((el) => collapse($(el).text())),
    attr: (selector, name) => first(selector).attr(name),
    attrs: (selector, name) => $(selector).toArray().map((el) => $(el).attr(name) ?? ''),
    count: (selector) => $(selector).length,
  };
}

/** The link of the home page's lead story. */
export function leadStoryPath(homeHtml: string): string {
  const href = parsePage(homeHtml).attr('.lead-headline a', 'href');
  assert.ok(href, 'the home page has a lead story');
  return href;
}

/** An article page's id and view token (the body's data attributes, what the beacon script reads). */
export function viewTokenOf(articleHtml: string): { id: number; token: string } {
  const page = parsePage(articleHtml);
  return { id: Number(page.attr('body', 'data-article-id')), token: page.attr('body', 'data-view-token') as string };
}

/** Every JSON-LD block of a page, parsed. */
export function structuredData(html: string): Record<string, unknown>[] {
  const page = parsePage(html);
  return page.$('script[type="application/ld+json"]').toArray().map((el) => JSON.parse(page.$(el).text()) as Record<string, unknown>);
}
