import type { SectionIndex } from '../../../core/content/article-path.ts';
import { ARTICLE_LIMITS } from '../../../core/content/limits.ts';
import type { MediaAsset, Series, Tag } from '../../../core/content/types.ts';
import type { ListPage } from '../../../core/content/types.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

/** The media library: upload, and edit each photo's caption, credit and alt text for reuse. */
export function MediaPage(props: {
  ctx: AdminContext;
  result: ListPage<MediaAsset & { uploadedBy: number | null }>;
  q: string;
  filter?: 'no-alt' | 'mine' | undefined;
  canEditAny: boolean;
  flash?: Flash | undefined;
}) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="Media" active="media" flash={props.flash} wide>
      <h1>Media library</h1>
      <section class="panel">
        <h2>Upload a photo</h2>
        <p class="muted">JPEG, PNG, WebP or AVIF, up to 20 MB. Files are checked by their content and re-encoded.</p>
        <form method="post" action={`/admin/media/?_csrf=${encodeURIComponent(ctx.csrf)}`} enctype="multipart/form-data" class="upload-form">
          <div class="field">
            <label for="upload-file">Photo</label>
            <input id="upload-file" name="file" type="file" required accept="image/jpeg,image/png,image/webp,image/avif" />
          </div>
          <div class="field">
            <label for="upload-caption">Caption</label>
            <input type="text" id="upload-caption" name="caption" maxlength={ARTICLE_LIMITS.caption} />
          </div>
          <div class="field">
            <label for="upload-credit">Credit</label>
            <input type="text" id="upload-credit" name="credit" maxlength={ARTICLE_LIMITS.credit} />
          </div>
          <div class="field">
            <label for="upload-alt">Alt text</label>
            <input type="text" id="upload-alt" name="alt" maxlength={ARTICLE_LIMITS.alt} />
          </div>
          <button type="submit" class="primary">
            Upload
          </button>
        </form>
      </section>
      <form method="get" action="/admin/media/" class="filters" role="search">
        <div>
          <label for="media-q">Search captions, credits and alt text</label>
          <input id="media-q" name="q" type="search" value={props.q} maxlength={200} />
        </div>
        <div>
          <label for="media-filter">Show</label>
          <select id="media-filter" name="filter">
            <option value="">All photos</option>
            <option value="no-alt" selected={props.filter === 'no-alt'}>
              Missing alt text
            </option>
            <option value="mine" selected={props.filter === 'mine'}>
              Uploaded by me
            </option>
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      <p class="muted">{props.result.total} photos</p>
      <form method="post" action="/admin/media/bulk" id="bulk-form" class="panel bulk-form">
        <Csrf ctx={ctx} />
        <h2>Change the ticked photos</h2>
        <p class="muted small">Tick photos below, fill what should change (empty fields leave each photo as it is), then apply.</p>
        <div class="filters">
          <div>
            <label for="bulk-credit">Credit</label>
            <input type="text" id="bulk-credit" name="credit" maxlength={ARTICLE_LIMITS.credit} />
          </div>
          <div>
            <label for="bulk-alt">Alt text</label>
            <input type="text" id="bulk-alt" name="alt" maxlength={ARTICLE_LIMITS.alt} />
          </div>
          <div>
            <label for="bulk-caption">Caption</label>
            <input type="text" id="bulk-caption" name="caption" maxlength={ARTICLE_LIMITS.caption} />
          </div>
          <button type="submit">Apply to ticked photos</button>
        </div>
      </form>
      <ul class="media-grid">
        {props.result.items.map((m) => {
          const mine = props.canEditAny || m.uploadedBy === ctx.user?.id;
          const thumb = m.variants[0] ?? m;
          return (
            <li>
              {mine ? (
                <div class="checkbox">
                  <input type="checkbox" id={`pick-${m.id}`} name="ids[]" value={String(m.id)} form="bulk-form" />
                  <label for={`pick-${m.id}`}>Tick photo #{m.id}</label>
                </div>
              ) : null}
              <div class="focal-picker" data-media-id={String(m.id)}>
                <img src={`/media/${thumb.key}`} alt={m.alt} width={240} height={Math.round((240 * m.height) / m.width)} loading="lazy" />
                <span class="focal-marker" aria-hidden="true" data-x={String((m.focal?.x ?? 500) / 10)} data-y={String((m.focal?.y ?? 500) / 10)} />
              </div>
              {mine ? (
                <form method="post" action={`/admin/media/${m.id}/focal`} class="focal-form small">
                  <Csrf ctx={ctx} />
                  <fieldset>
                    <legend>Focal point (click the photo)</legend>
                    <label for={`fx-${m.id}`}>Across %</label>
                    <input type="number" id={`fx-${m.id}`} name="x" min={0} max={100} step="0.1" value={String((m.focal?.x ?? 500) / 10)} />
                    <label for={`fy-${m.id}`}>Down %</label>
                    <input type="number" id={`fy-${m.id}`} name="y" min={0} max={100} step="0.1" value={String((m.focal?.y ?? 500) / 10)} />
                    <button type="submit">Set focal point</button>
                  </fieldset>
                  {m.crops?.wide?.[0] ? (
                    <p class="crop-previews">
                      <img src={`/media/${m.crops.wide[0].key}`} alt="" width={120} height={68} class="crop-wide" />
                      {m.crops.card ? <img src={`/media/${m.crops.card.key}`} alt="" width={120} height={63} class="crop-card" /> : null}
                      <span class="muted">List and shared-link crops</span>
                    </p>
                  ) : null}
                </form>
              ) : null}
              <form method="post" action={`/admin/media/${m.id}`} class="stack small">
                <Csrf ctx={ctx} />
                <label for={`cap-${m.id}`}>Caption</label>
                <textarea id={`cap-${m.id}`} name="caption" rows={2} maxlength={ARTICLE_LIMITS.caption} disabled={!mine}>
                  {m.caption}
                </textarea>
                <label for={`credit-${m.id}`}>Credit</label>
                <input type="text" id={`credit-${m.id}`} name="credit" value={m.credit} maxlength={ARTICLE_LIMITS.credit} disabled={!mine} />
                <label for={`alt-${m.id}`}>Alt text</label>
                <input type="text" id={`alt-${m.id}`} name="alt" value={m.alt} maxlength={ARTICLE_LIMITS.alt} disabled={!mine} />
                <p class="muted small">
                  #{m.id} · {m.width}×{m.height} · {m.mime}
                </p>
                {mine ? <button type="submit">Save</button> : null}
              </form>
              {mine ? (
                <form method="post" action={`/admin/media/${m.id}/replace?_csrf=${encodeURIComponent(ctx.csrf)}`} enctype="multipart/form-data" class="replace-form small">
                  <label for={`replace-${m.id}`}>Replace the file (keeps every use)</label>
                  <input id={`replace-${m.id}`} name="file" type="file" required accept="image/jpeg,image/png,image/webp,image/avif" />
                  <button type="submit">Replace</button>
                </form>
              ) : null}
            </li>
          );
        })}
      </ul>
    </AdminLayout>
  );
}

/** Up, down and delete for a section (delete works only on an empty one). */
function SectionTools(props: { ctx: AdminContext; id: number; name: string }) {
  return (
    <div class="section-tools">
      {(['up', 'down'] as const).map((d) => (
        <form method="post" action={`/admin/taxonomy/sections/${props.id}/move`} class="inline-form">
          <Csrf ctx={props.ctx} />
          <input type="hidden" name="direction" value={d} />
          <button type="submit" aria-label={`Move ${props.name} ${d}`}>
            {d === 'up' ? '↑' : '↓'}
          </button>
        </form>
      ))}
      <form method="post" action={`/admin/taxonomy/sections/${props.id}/delete`} class="inline-form confirm" data-confirm={`Delete the section “${props.name}”?`}>
        <Csrf ctx={props.ctx} />
        <button type="submit" class="link-button" aria-label={`Delete ${props.name}`}>
          Delete
        </button>
      </form>
    </div>
  );
}

/** Sections, tags and series, for editors. */
export function TaxonomyPage(props: {
  ctx: AdminContext;
  sections: SectionIndex;
  tags: readonly (Tag & { articles: number })[];
  series: readonly Series[];
  flash?: Flash | undefined;
}) {
  const { ctx } = props;
  return (
    <AdminLayout ctx={ctx} title="Sections and tags" active="taxonomy" flash={props.flash} wide>
      <h1>Sections, tags and series</h1>
      <div class="columns">
        <section class="panel" aria-labelledby="sections-title">
          <h2 id="sections-title">Sections</h2>
          <ul class="plain">
            {props.sections.roots().map((root) => (
              <li>
                <form method="post" action={`/admin/taxonomy/sections/${root.id}`} class="inline-edit">
                  <Csrf ctx={ctx} />
                  <label for={`section-${root.id}`} class="visually-hidden">
                    Name of /{root.path}/
                  </label>
                  <input type="text" id={`section-${root.id}`} name="name" value={root.name} maxlength={80} required />
                  <label for={`section-desc-${root.id}`} class="visually-hidden">
                    Description of /{root.path}/
                  </label>
                  <input type="text" id={`section-desc-${root.id}`} name="description" value={root.description} maxlength={500} placeholder="Description" />
                  <button type="submit">Save</button> <code>/{root.path}/</code>
                </form>
                <SectionTools ctx={ctx} id={root.id} name={root.name} />
                <ul class="plain nested">
                  {props.sections.children(root.id).map((sub) => (
                    <li>
                      <form method="post" action={`/admin/taxonomy/sections/${sub.id}`} class="inline-edit">
                        <Csrf ctx={ctx} />
                        <label for={`section-${sub.id}`} class="visually-hidden">
                          Name of /{sub.path}/
                        </label>
                        <input type="text" id={`section-${sub.id}`} name="name" value={sub.name} maxlength={80} required />
                        <label for={`section-desc-${sub.id}`} class="visually-hidden">
                          Description of /{sub.path}/
                        </label>
                        <input type="text" id={`section-desc-${sub.id}`} name="description" value={sub.description} maxlength={500} placeholder="Description" />
                        <button type="submit">Save</button> <code>/{sub.path}/</code>
                      </form>
                      <SectionTools ctx={ctx} id={sub.id} name={sub.name} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          <h3>Add a section</h3>
          <form method="post" action="/admin/taxonomy/sections" class="stack small">
            <Csrf ctx={ctx} />
            <label for="new-section-name">Name</label>
            <input type="text" id="new-section-name" name="name" required maxlength={80} />
            <label for="new-section-parent">Inside</label>
            <select id="new-section-parent" name="parentId">
              <option value="">(a new top-level section)</option>
              {props.sections.roots().map((r) => (
                <option value={String(r.id)}>{r.name}</option>
              ))}
            </select>
            <input type="hidden" name="description" value="" />
            <button type="submit">Add section</button>
          </form>
        </section>
        <section class="panel" aria-labelledby="tags-title">
          <h2 id="tags-title">Tags</h2>
          <form method="post" action="/admin/taxonomy/tags" class="inline-edit">
            <Csrf ctx={ctx} />
            <label for="new-tag">New tag</label>
            <input type="text" id="new-tag" name="name" required maxlength={60} />
            <button type="submit">Add tag</button>
          </form>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">Tag</th>
                <th scope="col">Articles</th>
              </tr>
            </thead>
            <tbody>
              {props.tags.map((t) => (
                <tr>
                  <td>
                    <form method="post" action={`/admin/taxonomy/tags/${t.id}`} class="inline-edit">
                      <Csrf ctx={ctx} />
                      <label for={`tag-${t.id}`} class="visually-hidden">
                        Name of tag {t.slug}
                      </label>
                      <input type="text" id={`tag-${t.id}`} name="name" value={t.name} maxlength={60} required />
                      <button type="submit">Rename</button>
                    </form>
                    <details class="tag-tools">
                      <summary>More for “{t.name}”</summary>
                      <form method="post" action={`/admin/taxonomy/tags/${t.id}/describe`} class="inline-edit">
                        <Csrf ctx={ctx} />
                        <label for={`tag-desc-${t.id}`}>Description</label>
                        <input type="text" id={`tag-desc-${t.id}`} name="description" value={t.description ?? ''} maxlength={500} />
                        <button type="submit">Save</button>
                      </form>
                      <form method="post" action={`/admin/taxonomy/tags/${t.id}/merge`} class="inline-edit">
                        <Csrf ctx={ctx} />
                        <label for={`tag-merge-${t.id}`}>Merge into</label>
                        <select id={`tag-merge-${t.id}`} name="into" required>
                          <option value="">Choose a tag…</option>
                          {props.tags
                            .filter((o) => o.id !== t.id)
                            .map((o) => (
                              <option value={String(o.id)}>{o.name}</option>
                            ))}
                        </select>
                        <button type="submit">Merge</button>
                      </form>
                      <form method="post" action={`/admin/taxonomy/tags/${t.id}/delete`} class="inline-edit confirm" data-confirm={`Delete the tag “${t.name}”? It comes off ${t.articles} articles.`}>
                        <Csrf ctx={ctx} />
                        <button type="submit" class="danger">
                          Delete tag
                        </button>
                      </form>
                    </details>
                  </td>
                  <td>
                    <a href={`/tag/${t.slug}/`}>{t.articles}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="panel" aria-labelledby="series-title">
          <h2 id="series-title">Series</h2>
          {props.series.map((s) => (
            <form method="post" action={`/admin/taxonomy/series/${s.id}`} class="stack small">
              <Csrf ctx={ctx} />
              <label for={`series-${s.id}`}>Title</label>
              <input type="text" id={`series-${s.id}`} name="title" value={s.title} maxlength={120} required />
              <label for={`series-desc-${s.id}`}>Description</label>
              <textarea id={`series-desc-${s.id}`} name="description" rows={2} maxlength={1000}>
                {s.description}
              </textarea>
              <button type="submit">Save series</button>
            </form>
          ))}
          <h3>Start a series</h3>
          <form method="post" action="/admin/taxonomy/series" class="stack small">
            <Csrf ctx={ctx} />
            <label for="new-series-title">Title</label>
            <input type="text" id="new-series-title" name="title" required maxlength={120} />
            <label for="new-series-desc">Description</label>
            <textarea id="new-series-desc" name="description" rows={2} maxlength={1000} />
            <button type="submit">Add series</button>
          </form>
        </section>
      </div>
    </AdminLayout>
  );
}
