/**
 * The editor's URL, search and sharing settings in the browser: character counts, the slug made from
 * the headline on request, and the search and share previews kept in step with what is typed (the
 * same presentation rules as the reader page's head: core/content/presentation.ts).
 */
import type { ArticleSeo } from '../core/content/article-seo.ts';
import { searchPresentation, sharePresentation } from '../core/content/presentation.ts';
import { slugify } from '../core/content/slug.ts';
import { $, input } from './form-fields.ts';

export function readSeo(): ArticleSeo | undefined {
  if (!$('slug')) return undefined;
  const social = input('socialMediaId').value;
  return {
    slug: input('slug').value,
    title: input('seoTitle').value,
    description: input('seoDescription').value,
    socialTitle: input('socialTitle').value,
    socialDescription: input('socialDescription').value,
    socialMediaId: social ? Number(social) : null,
  };
}

export function fillSeo(seo: ArticleSeo | undefined): void {
  if (!seo || !$('slug')) return;
  input('slug').value = seo.slug;
  input('seoTitle').value = seo.title;
  input('seoDescription').value = seo.description;
  input('socialTitle').value = seo.socialTitle;
  input('socialDescription').value = seo.socialDescription;
  input('socialMediaId').value = seo.socialMediaId === null ? '' : String(seo.socialMediaId);
  refreshSeo('');
}

let bodyText: () => string = () => '';

/** Redraws counters and previews; `teaser` is the body's opening when the caller has it. */
export function refreshSeo(teaser?: string): void {
  const seo = readSeo();
  if (!seo) return;
  for (const el of Array.from(document.querySelectorAll<HTMLInputElement>('[data-counter]'))) {
    const out = $(el.dataset.counter ?? '');
    if (out) out.textContent = `${[...el.value].length} / ${el.maxLength}`;
  }
  const source = { headline: input('headline').value, summary: input('summary').value, teaser: teaser || bodyText().slice(0, 300), seo };
  const search = searchPresentation(source);
  const share = sharePresentation(source);
  const set = (id: string, text: string) => {
    const el = $(id);
    if (el) el.textContent = text;
  };
  set('sp-title', search.title);
  set('sp-desc', search.description);
  set('sh-title', share.title);
  set('sh-desc', share.description);
  const slug = seo.slug.trim();
  const base = input('slug').dataset.base ?? '';
  set('slug-echo', slug ? `${slug}/` : '');
  set('sp-path', `${new URL(base).pathname}${slug ? `${slug}/` : ''}`);
  const chosen = (seo.socialMediaId !== null ? input('socialMediaId') : input('leadMediaId')) as HTMLSelectElement;
  const thumb = chosen.selectedOptions[0]?.dataset.thumb;
  let img = $('sh-image') as HTMLImageElement | null;
  if (!img && thumb) {
    // The page has no card image until a photo is chosen.
    img = document.createElement('img');
    img.id = 'sh-image';
    img.alt = '';
    $('sh-image-slot')?.replaceWith(img);
  }
  if (img) {
    if (thumb) img.src = thumb;
    img.hidden = !thumb;
  }
}

/** Wires the settings panel; `text` gives the body's plain text for the description fallback. */
export function setUpSeo(text: () => string): void {
  if (!$('slug')) return;
  bodyText = text;
  const button = $('slug-from-headline') as HTMLButtonElement | null;
  if (button) {
    button.hidden = false;
    button.addEventListener('click', () => {
      input('slug').value = slugify(input('headline').value);
      input('slug').dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
  const form = $('article-form');
  form?.addEventListener('input', () => refreshSeo());
  form?.addEventListener('change', () => refreshSeo());
  refreshSeo();
}
