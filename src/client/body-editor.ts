/**
 * The rich-text body (TipTap over ProseMirror) with every block of the body format, the toolbar,
 * the slash menu and the word count: used by the article editor and the static-page editor alike.
 * The schema matches the server's allowlist (src/core/content/sanitize.ts, docs/body-format.md).
 */
import { Editor, Extension } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import Link from '@tiptap/extension-link';
import { TableKit } from '@tiptap/extension-table';
import StarterKit from '@tiptap/starter-kit';
import { bodyHtml, Embed, Gallery, Photo, PullQuote, RawHtml } from './body-blocks.ts';
import { blockCommands, slashMenu } from './block-commands.ts';
import { editSelectedBlock } from './block-dialogs.ts';
import { editLink, toolbar } from './editor-toolbar.ts';

export function createBodyEditor(opts: {
  mount: HTMLElement;
  /** The form's textarea: the editor starts from it and keeps it current. */
  source: HTMLTextAreaElement;
  csrf: string;
  rawAllowed: boolean;
  label: string;
  onChange: (html: string) => void;
}): Editor {
  const { mount, source, csrf, rawAllowed } = opts;
  const commands = blockCommands({ csrf, rawAllowed });
  const slash = slashMenu(commands);
  const shortcuts = Extension.create({
    name: 'newsroomShortcuts',
    addKeyboardShortcuts: () => ({ 'Mod-k': () => editLink(editor) }),
  });
  const editor: Editor = new Editor({
    element: mount,
    content: source.value,
    injectCSS: false,
    extensions: [
      StarterKit.configure({ code: false, codeBlock: false, strike: false, underline: false, link: false, heading: { levels: [2, 3, 4] } }),
      // Not inclusive: typing right after a link is plain text, not more link.
      Link.extend({ inclusive: () => false }).configure({
        openOnClick: false,
        autolink: true,
        protocols: ['http', 'https', 'mailto'],
        HTMLAttributes: { rel: 'nofollow noopener noreferrer', target: null },
      }),
      Image.configure({ inline: false, allowBase64: false }),
      TableKit.configure({ table: { resizable: false } }),
      PullQuote,
      Photo,
      Gallery,
      Embed,
      RawHtml,
      slash.extension,
      shortcuts,
    ],
    editorProps: {
      attributes: { class: 'body-prose', role: 'textbox', 'aria-multiline': 'true', 'aria-label': opts.label },
      handleDoubleClickOn: (_view, _pos, node) => (node.isAtom ? editSelectedBlock(editor, csrf, rawAllowed) : false),
      // Word and Docs mark the title as h1; the page owns the h1, so a pasted one is a heading (h2).
      transformPastedHTML: (html) => html.replace(/<(\/?)h1\b/gi, '<$1h2'),
    },
    onUpdate: () => opts.onChange(bodyHtml(editor.getHTML())),
  });
  // The editor's normal form of the stored body is the starting point for "changed?".
  source.value = bodyHtml(editor.getHTML());
  mount.hidden = false;
  source.hidden = true;
  const { bar, stats } = toolbar(editor, commands, { csrf, rawAllowed });
  mount.before(bar);
  mount.after(stats);
  slash.attach(editor);
  return editor;
}
