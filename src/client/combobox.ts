/**
 * Comboboxes over the editor's native selects (tags, bylines, section, series): type to filter,
 * arrows to move, Enter to choose, and, where the role may, Enter on a new name to create it. The
 * select stays in the form, hidden, as the value the form and the autosave read; without this script
 * it is the control. Follows the ARIA 1.2 combobox pattern (input + listbox + aria-activedescendant);
 * chosen values of a multiple select show as removable chips above the input.
 */

interface Options {
  /** Creates a value from a typed name and returns its option, or throws with a reader-facing message. */
  readonly create?: (name: string) => Promise<{ value: string; label: string }>;
  /** What the create choice says ("Create tag"). */
  readonly createLabel?: string;
}

let counter = 0;

export function combobox(select: HTMLSelectElement, opts: Options = {}): void {
  const id = `cb-${select.id || ++counter}`;
  const label = document.querySelector<HTMLLabelElement>(`label[for="${select.id}"]`);
  const wrap = document.createElement('div');
  wrap.className = 'combobox';
  const chips = document.createElement('ul');
  chips.className = 'chips';
  chips.setAttribute('aria-label', `Chosen ${label?.textContent?.toLowerCase() ?? 'values'}`);
  const input = document.createElement('input');
  input.type = 'text';
  input.id = `${id}-input`;
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', `${id}-list`);
  input.autocomplete = 'off';
  input.placeholder = select.multiple ? 'Type to add…' : 'Type to search…';
  const list = document.createElement('ul');
  list.id = `${id}-list`;
  list.className = 'combobox-list';
  list.setAttribute('role', 'listbox');
  list.hidden = true;
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  if (label) {
    label.htmlFor = input.id;
    label.id ||= `${id}-label`;
    list.setAttribute('aria-labelledby', label.id);
  }
  wrap.append(chips, input, list, status);
  select.hidden = true;
  select.after(wrap);

  type Choice = { value: string; label: string; create?: boolean };
  let shown: Choice[] = [];
  let active = -1;
  const options = () => Array.from(select.options).filter((o) => o.value !== '' || !select.multiple);
  const text = (o: HTMLOptionElement) => (o.parentElement instanceof HTMLOptGroupElement ? `${o.parentElement.label} › ${o.text}` : o.text);

  const renderChips = () => {
    if (!select.multiple) {
      const chosen = select.selectedOptions[0];
      if (document.activeElement !== input) input.value = chosen && chosen.value !== '' ? text(chosen) : '';
      chips.hidden = true;
      return;
    }
    chips.replaceChildren(
      ...Array.from(select.selectedOptions).map((o) => {
        const li = document.createElement('li');
        li.textContent = text(o);
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = '×';
        remove.setAttribute('aria-label', `Remove ${text(o)}`);
        remove.addEventListener('click', () => {
          o.selected = false;
          changed(`Removed ${text(o)}`);
          input.focus();
        });
        li.append(remove);
        return li;
      }),
    );
    chips.hidden = select.selectedOptions.length === 0;
  };
  const changed = (say: string) => {
    select.dispatchEvent(new Event('change', { bubbles: true }));
    renderChips();
    status.textContent = say;
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i: number) => {
    active = i;
    Array.from(list.children).forEach((li, n) => li.setAttribute('aria-selected', String(n === i)));
    const current = list.children[i];
    if (current) {
      input.setAttribute('aria-activedescendant', current.id);
      current.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const open = () => {
    const q = input.value.trim().toLowerCase();
    const all = options().filter((o) => !(select.multiple && o.selected));
    shown = all.filter((o) => !q || text(o).toLowerCase().includes(q)).slice(0, 50).map((o) => ({ value: o.value, label: text(o) }));
    const exact = options().some((o) => o.text.toLowerCase() === q);
    if (opts.create && q && !exact) shown.push({ value: '', label: `${opts.createLabel ?? 'Create'} “${input.value.trim()}”`, create: true });
    list.replaceChildren(
      ...shown.map((c, i) => {
        const li = document.createElement('li');
        li.id = `${id}-opt-${i}`;
        li.setAttribute('role', 'option');
        li.textContent = c.label;
        if (c.create) li.className = 'create';
        li.addEventListener('mousedown', (event) => {
          event.preventDefault();
          void choose(i);
        });
        return li;
      }),
    );
    if (shown.length === 0) {
      close();
      status.textContent = 'No matches';
      return;
    }
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(q ? 0 : -1);
    status.textContent = `${shown.length} ${shown.length === 1 ? 'match' : 'matches'}`;
  };
  const choose = async (i: number) => {
    const c = shown[i];
    if (!c) return;
    let value = c.value;
    if (c.create && opts.create) {
      try {
        const made = await opts.create(input.value.trim());
        value = made.value;
        if (!options().some((o) => o.value === value)) select.append(new Option(made.label, made.value));
      } catch (err) {
        status.textContent = (err as Error).message;
        return;
      }
    }
    const option = options().find((o) => o.value === value);
    if (!option) return;
    if (select.multiple) option.selected = true;
    else select.value = value;
    input.value = select.multiple ? '' : text(option);
    close();
    changed(`${select.multiple ? 'Added' : 'Chose'} ${text(option)}`);
  };

  input.addEventListener('input', open);
  input.addEventListener('focus', () => {
    if (!select.multiple) input.select();
  });
  input.addEventListener('blur', () => {
    close();
    renderChips();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (list.hidden) open();
      highlight(Math.min(active + 1, shown.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === 'Enter') {
      // Never submits the article form from here.
      event.preventDefault();
      if (!list.hidden && active >= 0) void choose(active);
    } else if (event.key === 'Escape') {
      close();
    } else if (event.key === 'Backspace' && input.value === '' && select.multiple) {
      const last = select.selectedOptions[select.selectedOptions.length - 1];
      if (last) {
        last.selected = false;
        changed(`Removed ${text(last)}`);
      }
    }
  });
  // fill() and the journal restore set the select directly: follow them.
  select.addEventListener('change', renderChips);
  renderChips();
}
