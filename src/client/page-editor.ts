/**
 * The static-page editor: the same rich-text body as articles (body-editor.ts) on a plain form that
 * saves with a normal submit (pages are short and change rarely: no autosave or journal).
 */
import { createBodyEditor } from './body-editor.ts';

function main(): void {
  const form = document.getElementById('page-form') as HTMLFormElement | null;
  const mount = document.getElementById('body-editor');
  const source = document.getElementById('bodyHtml') as HTMLTextAreaElement | null;
  if (!form || !mount || !source) return;
  let dirty = false;
  createBodyEditor({
    mount, source, csrf: document.body.dataset.csrf ?? '', rawAllowed: form.dataset.rawHtml === 'true', label: 'Page body (type / for blocks)',
    onChange: (html) => {
      source.value = html;
      dirty = true;
    },
  });
  form.addEventListener('input', () => (dirty = true));
  form.addEventListener('submit', () => (dirty = false));
  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault();
  });
}

main();
