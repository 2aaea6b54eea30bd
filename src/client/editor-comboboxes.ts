/** The editor's choosers for tags, bylines, section and series, as comboboxes (combobox.ts). */
import { combobox } from './combobox.ts';
import { $ } from './form-fields.ts';

async function createTag(csrf: string, name: string): Promise<{ value: string; label: string }> {
  const res = await fetch('/admin/api/tags', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({ name }),
    credentials: 'same-origin',
  });
  const body = (await res.json().catch(() => ({}))) as { tag?: { id: number; name: string }; error?: { message: string } };
  if (!res.ok || !body.tag) throw new Error(`Not created: ${body.error?.message ?? res.statusText}`);
  return { value: String(body.tag.id), label: body.tag.name };
}

export function setUpComboboxes(form: HTMLFormElement, csrf: string): void {
  if (form.querySelector('fieldset[disabled]')) return;
  const tags = $('tagIds') as HTMLSelectElement | null;
  if (tags) {
    const mayCreate = form.dataset.tagCreate === 'true';
    combobox(tags, mayCreate ? { create: (name) => createTag(csrf, name), createLabel: 'Create tag' } : {});
    // The typed list of new names is the no-script way; the combobox creates them as they are chosen.
    const newTags = $('newTags')?.closest<HTMLElement>('.field');
    if (newTags) newTags.hidden = true;
  }
  for (const id of ['authorIds', 'subsectionId', 'seriesId']) {
    const select = $(id) as HTMLSelectElement | null;
    if (select && !select.disabled) combobox(select);
  }
}
