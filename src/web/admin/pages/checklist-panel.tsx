import type { EditorData } from '../../../core/newsroom/newsroom.ts';
import { publishChecklist } from '../../../core/newsroom/publish-checklist.ts';

/**
 * The pre-publish checklist beside the editor. Rendered here from the saved article, then kept live
 * by client/checklist.ts with the same function (core/newsroom/publish-checklist.ts).
 */
export function ChecklistPanel(props: { model: EditorData }) {
  const { model } = props;
  const c = model.article.content;
  const lead = model.media.find((m) => m.id === c.leadMediaId);
  const items = publishChecklist(c, lead);
  const blocking = model.checklist === 'block';
  return (
    <section class="panel" aria-labelledby="checklist-title" id="checklist" data-mode={model.checklist}>
      <h2 id="checklist-title">Before publishing</h2>
      <p class="muted small">{blocking ? 'This newsroom publishes only when every item is done.' : 'Suggestions; publishing is not blocked.'}</p>
      <ul class="checklist">
        {items.map((item) => (
          <li id={`check-${item.id}`} class={item.ok ? 'ok' : 'todo'}>
            <span class="mark" aria-hidden="true">
              {item.ok ? '✓' : '!'}
            </span>{' '}
            <span class="label">{item.label}</span>
            <span class="visually-hidden state">{item.ok ? ' (done)' : ' (to do)'}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
