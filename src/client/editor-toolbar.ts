/**
 * The body's toolbar: formatting buttons (each a real button with a label and its shortcut), an
 * Insert menu of blocks, table controls while the cursor is in a table, an Edit button for the
 * selected photo, embed or raw-HTML block, and the word count with reading time.
 */
import type { Editor } from '@tiptap/core';
import { readingStats } from './body-blocks.ts';
import type { BlockCommand } from './block-commands.ts';
import { editSelectedBlock } from './block-dialogs.ts';

type Button = readonly [text: string, label: string, run: () => boolean | void, active?: () => boolean, shown?: () => boolean];

/** Asks for a link's address; an empty answer removes the link. */
export function editLink(editor: Editor): boolean {
  const previous = editor.getAttributes('link').href as string | undefined;
  const href = window.prompt('Link address (https://…)', previous ?? 'https://');
  if (href === null) return false;
  if (href === '') return editor.chain().focus().extendMarkRange('link').unsetLink().run();
  if (!/^(https?:|mailto:)/i.test(href)) return false;
  // Nothing selected and not in a link: the address goes in as its own linked text.
  if (editor.state.selection.empty && !editor.isActive('link')) {
    return editor.chain().focus().insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
  }
  return editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
}

export function toolbar(editor: Editor, commands: readonly BlockCommand[], opts: { csrf: string; rawAllowed: boolean }): { bar: HTMLElement; stats: HTMLElement } {
  const bar = document.createElement('div');
  bar.className = 'toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Body formatting');
  const inTable = () => editor.isActive('table');
  const buttons: Button[] = [
    ['B', 'Bold (Ctrl+B)', () => editor.chain().focus().toggleBold().run(), () => editor.isActive('bold')],
    ['I', 'Italic (Ctrl+I)', () => editor.chain().focus().toggleItalic().run(), () => editor.isActive('italic')],
    ['H2', 'Heading (Ctrl+Alt+2)', () => editor.chain().focus().toggleHeading({ level: 2 }).run(), () => editor.isActive('heading', { level: 2 })],
    ['H3', 'Subheading (Ctrl+Alt+3)', () => editor.chain().focus().toggleHeading({ level: 3 }).run(), () => editor.isActive('heading', { level: 3 })],
    ['• List', 'Bulleted list (Ctrl+Shift+8)', () => editor.chain().focus().toggleBulletList().run(), () => editor.isActive('bulletList')],
    ['1. List', 'Numbered list (Ctrl+Shift+7)', () => editor.chain().focus().toggleOrderedList().run(), () => editor.isActive('orderedList')],
    ['“ ”', 'Quote (Ctrl+Shift+B)', () => editor.chain().focus().toggleBlockquote().run(), () => editor.isActive('blockquote')],
    ['Link', 'Link (Ctrl+K)', () => editLink(editor), () => editor.isActive('link')],
    ['Undo', 'Undo (Ctrl+Z)', () => editor.chain().focus().undo().run()],
    ['Redo', 'Redo (Ctrl+Shift+Z)', () => editor.chain().focus().redo().run()],
    ['Edit block', 'Edit the selected block', () => editSelectedBlock(editor, opts.csrf, opts.rawAllowed), undefined, () => ['photo', 'gallery', 'embed', 'rawHtml'].some((n) => editor.isActive(n))],
    ['+ Row', 'Add a table row below', () => editor.chain().focus().addRowAfter().run(), undefined, inTable],
    ['+ Column', 'Add a table column after', () => editor.chain().focus().addColumnAfter().run(), undefined, inTable],
    ['− Row', 'Delete this table row', () => editor.chain().focus().deleteRow().run(), undefined, inTable],
    ['− Column', 'Delete this table column', () => editor.chain().focus().deleteColumn().run(), undefined, inTable],
    ['Delete table', 'Delete the table', () => editor.chain().focus().deleteTable().run(), undefined, inTable],
  ];
  const refresh: (() => void)[] = [];
  for (const [text, label, run, active, shown] of buttons) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.title = label;
    b.addEventListener('click', () => void run());
    bar.append(b);
    refresh.push(() => {
      if (active) b.setAttribute('aria-pressed', String(active()));
      if (shown) b.hidden = !shown();
    });
  }

  // Insert menu: the same blocks as the slash menu, for those who reach for the mouse.
  const insert = document.createElement('select');
  insert.id = 'insert-block';
  insert.setAttribute('aria-label', 'Insert a block (or type / on an empty line)');
  insert.append(new Option('Insert…', ''), ...commands.map((c) => new Option(c.label, c.id)));
  insert.addEventListener('change', () => {
    const command = commands.find((c) => c.id === insert.value);
    insert.value = '';
    command?.run(editor);
  });
  bar.append(insert);

  const stats = document.createElement('p');
  stats.id = 'body-stats';
  stats.className = 'hint';
  stats.setAttribute('aria-live', 'off');
  const count = () => {
    const { words, minutes } = readingStats(editor.state.doc.textContent ? editor.getText({ blockSeparator: ' ' }) : '');
    stats.textContent = `${words} ${words === 1 ? 'word' : 'words'} · ${minutes} min read`;
  };
  editor.on('transaction', () => refresh.forEach((r) => r()));
  editor.on('update', count);
  refresh.forEach((r) => r());
  count();
  return { bar, stats };
}
