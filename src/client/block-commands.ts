/**
 * The blocks an editor can insert, once: the toolbar's Insert menu and the slash menu both list
 * these. Raw HTML is offered only to roles that may add it (the server enforces the same rule).
 */
import { Extension, type Editor } from '@tiptap/core';
import { editRawHtml, pickEmbed, pickPhotos } from './block-dialogs.ts';

export interface BlockCommand {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly keywords: string;
  readonly run: (editor: Editor) => void;
}

/** Inserts an atom block and leaves the cursor on a new line after it, ready to write on. */
function insertBlock(editor: Editor, type: string, attrs: Record<string, unknown>): boolean {
  return editor.chain().focus().insertContent([{ type, attrs }, { type: 'paragraph' }]).run();
}

export function blockCommands(opts: { csrf: string; rawAllowed: boolean }): BlockCommand[] {
  const commands: BlockCommand[] = [
    { id: 'paragraph', label: 'Text', hint: 'Plain paragraph', keywords: 'paragraph text p', run: (e) => e.chain().focus().setParagraph().run() },
    { id: 'h2', label: 'Heading', hint: 'Ctrl+Alt+2', keywords: 'heading h2 title', run: (e) => e.chain().focus().setHeading({ level: 2 }).run() },
    { id: 'h3', label: 'Subheading', hint: 'Ctrl+Alt+3', keywords: 'subheading h3', run: (e) => e.chain().focus().setHeading({ level: 3 }).run() },
    { id: 'bullets', label: 'Bulleted list', hint: 'Ctrl+Shift+8', keywords: 'bullet list ul', run: (e) => e.chain().focus().toggleBulletList().run() },
    { id: 'numbers', label: 'Numbered list', hint: 'Ctrl+Shift+7', keywords: 'numbered ordered list ol', run: (e) => e.chain().focus().toggleOrderedList().run() },
    { id: 'quote', label: 'Quote', hint: 'Ctrl+Shift+B', keywords: 'quote blockquote', run: (e) => e.chain().focus().toggleBlockquote().run() },
    { id: 'pullquote', label: 'Pull quote', hint: 'A line set large', keywords: 'pull quote callout', run: (e) => e.chain().focus().toggleWrap('pullQuote').run() },
    {
      id: 'photo',
      label: 'Photo',
      hint: 'From the library or uploaded',
      keywords: 'photo image picture upload',
      run: (e) => pickPhotos({ csrf: opts.csrf, multiple: false, onPick: ([p]) => p && insertBlock(e, 'photo', { ...p }) }),
    },
    {
      id: 'gallery',
      label: 'Gallery',
      hint: 'Several photos in a grid',
      keywords: 'gallery photos images slideshow',
      run: (e) => pickPhotos({ csrf: opts.csrf, multiple: true, onPick: (items) => items.length > 0 && insertBlock(e, 'gallery', { items }) }),
    },
    {
      id: 'embed',
      label: 'Embed',
      hint: 'Video, post, map, chart or audio by URL',
      keywords: 'embed video youtube vimeo tweet x twitter instagram tiktok facebook map chart flourish datawrapper audio soundcloud spotify',
      run: (e) => pickEmbed(undefined, (v) => insertBlock(e, 'embed', v)),
    },
    { id: 'table', label: 'Table', hint: '3 × 3 with a header row', keywords: 'table grid data', run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
    { id: 'divider', label: 'Divider', hint: 'A break between parts', keywords: 'divider rule hr separator', run: (e) => e.chain().focus().setHorizontalRule().run() },
  ];
  if (opts.rawAllowed) {
    commands.push({
      id: 'html',
      label: 'Raw HTML',
      hint: 'For graphics (editors)',
      keywords: 'html raw code graphic',
      run: (e) => editRawHtml('', true, (html) => html && insertBlock(e, 'rawHtml', { html })),
    });
  }
  return commands;
}

/**
 * The slash menu: typing "/" at the start of an empty paragraph lists the blocks; typing filters,
 * arrows move, Enter inserts (replacing the "/…"), Escape closes. A listbox tied to the editor by
 * aria-activedescendant, so a screen reader follows the highlighted block.
 */
export function slashMenu(commands: readonly BlockCommand[]): { extension: Extension; attach: (editor: Editor) => void } {
  const list = document.createElement('div');
  list.id = 'slash-menu';
  list.className = 'slash-menu';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Insert a block');
  list.hidden = true;
  let matches: BlockCommand[] = [];
  let active = 0;
  let range: { from: number; to: number } | undefined;
  let editorRef: Editor | undefined;

  const close = () => {
    list.hidden = true;
    range = undefined;
    editorRef?.view.dom.removeAttribute('aria-activedescendant');
  };
  const render = () => {
    list.replaceChildren(
      ...matches.map((c, i) => {
        const option = document.createElement('div');
        option.id = `slash-${c.id}`;
        option.className = 'slash-option';
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', String(i === active));
        const name = document.createElement('strong');
        name.textContent = c.label;
        const hint = document.createElement('span');
        hint.textContent = c.hint;
        option.append(name, hint);
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          active = i;
          choose();
        });
        return option;
      }),
    );
    const current = matches[active];
    if (current) editorRef?.view.dom.setAttribute('aria-activedescendant', `slash-${current.id}`);
  };
  const choose = (): boolean => {
    const editor = editorRef;
    const command = matches[active];
    if (!editor || !range || !command) return false;
    editor.chain().focus().deleteRange(range).run();
    close();
    command.run(editor);
    return true;
  };
  const update = (editor: Editor) => {
    const { selection } = editor.state;
    const { $from, empty } = selection;
    if (!empty || $from.parent.type.name !== 'paragraph') return close();
    const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc');
    const m = /^\/([\p{L} ]{0,24})$/u.exec(before);
    if (!m || $from.parentOffset !== $from.parent.content.size) return close();
    const q = (m[1] ?? '').trim().toLowerCase();
    matches = commands.filter((c) => !q || c.label.toLowerCase().includes(q) || c.keywords.includes(q));
    if (matches.length === 0) return close();
    active = Math.min(active, matches.length - 1);
    range = { from: $from.start(), to: $from.pos };
    const at = editor.view.coordsAtPos($from.pos);
    list.style.top = `${at.bottom + window.scrollY + 4}px`;
    list.style.left = `${Math.min(at.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - 260)}px`;
    list.hidden = false;
    render();
  };

  const move = (step: number) => () => {
    if (list.hidden) return false;
    active = (active + step + matches.length) % matches.length;
    render();
    return true;
  };
  const extension = Extension.create({
    name: 'slashMenu',
    priority: 1000,
    addKeyboardShortcuts: () => ({
      ArrowDown: move(1),
      ArrowUp: move(-1),
      Enter: () => (list.hidden ? false : choose()),
      Tab: () => (list.hidden ? false : choose()),
      Escape: () => {
        if (list.hidden) return false;
        close();
        return true;
      },
    }),
  });
  const attach = (editor: Editor) => {
    editorRef = editor;
    document.body.append(list);
    editor.view.dom.setAttribute('aria-controls', list.id);
    editor.on('transaction', () => update(editor));
    editor.on('blur', () => window.setTimeout(close, 150));
  };
  return { extension, attach };
}
