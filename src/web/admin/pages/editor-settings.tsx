import { articlePath } from '../../../core/content/article-path.ts';
import { SEO_LIMITS, type ArticleSeo } from '../../../core/content/article-seo.ts';
import { searchPresentation, sharePresentation } from '../../../core/content/presentation.ts';
import type { EditorData } from '../../../core/newsroom/newsroom.ts';
import type { AdminContext } from '../admin-context.ts';

/**
 * The editor's "URL, search and sharing" settings: the slug (old addresses redirect when it
 * changes), the search title and description, the social title, description and image, and previews
 * of the search result and the shared card. The previews come from the same functions the reader
 * page's head uses (core/content/presentation.ts), and client/seo-preview.ts keeps them live.
 */
export function SeoSettings(props: {
  ctx: AdminContext;
  model: EditorData;
  seo: ArticleSeo;
  text: { headline: string; summary: string; teaser: string; subsectionId: number; leadMediaId: number | null };
  errorFor: (field: string) => string | undefined;
}) {
  const { ctx, model, seo, text } = props;
  const a = model.article;
  const published = a.status === 'published';
  const base = `${ctx.publicUrl}${articlePath({ id: a.id, subsectionId: text.subsectionId, publishedAt: a.publishedAt ?? ctx.now }, model.sections, ctx.time)}`;
  const source = { headline: text.headline, summary: text.summary, teaser: text.teaser, seo };
  const search = searchPresentation(source);
  const share = sharePresentation(source);
  const cardMedia = model.media.find((m) => m.id === (seo.socialMediaId ?? text.leadMediaId));
  const thumb = cardMedia ? (cardMedia.variants[0] ?? cardMedia).key : undefined;
  const host = new URL(ctx.publicUrl).host;
  const counted = (id: string, label: string, max: number, value: string, rows?: number) => {
    const error = props.errorFor(label) ?? props.errorFor(label.toLowerCase());
    return (
    <div class={`field${error ? ' has-error' : ''}`}>
      <label for={id}>{label}</label>
      {rows ? (
        <textarea id={id} name={id} rows={rows} maxlength={max} data-counter={`${id}-count`}>
          {value}
        </textarea>
      ) : (
        <input type="text" id={id} name={id} maxlength={max} value={value} data-counter={`${id}-count`} />
      )}
      <p class="hint" id={`${id}-count`} aria-live="off">
        {[...value].length} / {max}
      </p>
      {error ? <p class="field-error">{error}</p> : null}
    </div>
    );
  };
  return (
    <fieldset class="group" id="seo-settings">
      <legend>URL, search and sharing</legend>
      <div class={`field${props.errorFor('slug') ? ' has-error' : ''}`}>
        <label for="slug">URL slug</label>
        <p class="hint" id="slug-hint">
          Optional words after the address: {base}
          <strong id="slug-echo">{seo.slug ? `${seo.slug}/` : ''}</strong>
          {published ? ' Changing it keeps the old address working: it redirects here.' : ''}
        </p>
        <div class="input-row">
          <input type="text" id="slug" name="slug" maxlength={SEO_LIMITS.slug} value={seo.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" aria-describedby="slug-hint" data-base={base} />
          <button type="button" id="slug-from-headline" hidden>
            From headline
          </button>
        </div>
        {props.errorFor('slug') ? <p class="field-error">{props.errorFor('slug')}</p> : null}
      </div>
      {counted('seoTitle', 'SEO title', SEO_LIMITS.title, seo.title)}
      {counted('seoDescription', 'SEO description', SEO_LIMITS.description, seo.description, 2)}
      <p class="hint">Empty fields use the headline and the summary. Search engines show about 60 characters of a title and 160 of a description.</p>
      <h2 class="preview-label" id="search-preview-label">Search result preview</h2>
      <div class="search-preview" id="search-preview" role="group" aria-labelledby="search-preview-label">
        <p class="sp-url">
          {host} › <span id="sp-path">{base.slice(ctx.publicUrl.length)}{seo.slug ? `${seo.slug}/` : ''}</span>
        </p>
        <p class="sp-title" id="sp-title">
          {search.title}
        </p>
        <p class="sp-desc" id="sp-desc">
          {search.description}
        </p>
      </div>
      {counted('socialTitle', 'Social title', SEO_LIMITS.socialTitle, seo.socialTitle)}
      {counted('socialDescription', 'Social description', SEO_LIMITS.socialDescription, seo.socialDescription, 2)}
      <div class="field">
        <label for="socialMediaId">Social image</label>
        <select id="socialMediaId" name="socialMediaId">
          <option value="">Same as the lead photo</option>
          {model.media.map((m) => (
            <option value={String(m.id)} selected={seo.socialMediaId === m.id} data-thumb={`/media/${(m.variants[0] ?? m).key}`}>
              {`#${m.id} ${m.caption || m.alt || m.key}`.slice(0, 80)}
            </option>
          ))}
        </select>
      </div>
      <h2 class="preview-label" id="share-preview-label">Shared link preview</h2>
      <div class="share-preview" id="share-preview" role="group" aria-labelledby="share-preview-label">
        {thumb ? <img id="sh-image" src={`/media/${thumb}`} alt="" /> : <span id="sh-image-slot" />}
        <div>
          <p class="sh-site">{host.toUpperCase()}</p>
          <p class="sh-title" id="sh-title">
            {share.title}
          </p>
          <p class="sh-desc" id="sh-desc">
            {share.description}
          </p>
        </div>
      </div>
    </fieldset>
  );
}
