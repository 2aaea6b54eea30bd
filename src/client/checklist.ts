/** Keeps the editor's pre-publish checklist in step with the form (the server's rule, run here). */
import { publishChecklist } from '../core/newsroom/publish-checklist.ts';
import { $, input, nullable, selected } from './form-fields.ts';

export function setUpChecklist(form: HTMLFormElement): void {
  const panel = $('checklist');
  if (!panel) return;
  const refresh = () => {
    const lead = input('leadMediaId') as HTMLSelectElement;
    const option = lead.selectedOptions[0];
    const items = publishChecklist(
      {
        headline: input('headline').value,
        summary: input('summary').value,
        leadMediaId: lead.value ? Number(lead.value) : null,
        leadAlt: nullable(input('leadAlt').value),
        leadCredit: nullable(input('leadCredit').value),
        tagIds: selected('tagIds'),
      },
      option?.dataset.alt !== undefined ? { alt: option.dataset.alt, credit: option.dataset.credit ?? '' } : undefined,
    );
    for (const item of items) {
      const li = $(`check-${item.id}`);
      if (!li) continue;
      li.className = item.ok ? 'ok' : 'todo';
      const mark = li.querySelector('.mark');
      if (mark) mark.textContent = item.ok ? '✓' : '!';
      const label = li.querySelector('.label');
      if (label) label.textContent = item.label;
      const state = li.querySelector('.state');
      if (state) state.textContent = item.ok ? ' (done)' : ' (to do)';
    }
  };
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);
  refresh();
}
