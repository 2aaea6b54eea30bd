/**
 * Presence and the soft lock in the editor. A heartbeat says "I have this open" and keeps the lock;
 * the answer says who else is here and who may type. Someone else holding it makes this editor
 * read-only with a "Take over editing" button; losing it to a takeover keeps the unsaved text in
 * this browser (the journal) and says who took it.
 */
import type { Editor } from '@tiptap/core';
import { $ } from './form-fields.ts';

interface PresenceState {
  others: { id: number; name: string }[];
  lock: { mine: boolean; holder: { id: number; name: string } | null; since: number | null };
}

export function setUpPresence(opts: {
  form: HTMLFormElement;
  articleId: number;
  csrf: string;
  editor: () => Editor | undefined;
  clock: (at: Date) => string;
  /** The lock went to someone else: keep the text. */
  onLost: () => void;
}): void {
  const { form, articleId, csrf } = opts;
  const fieldset = form.querySelector('fieldset');
  if (!fieldset || fieldset.disabled) return;
  const every = Number(form.dataset.heartbeatMs) || 15_000;
  const banner = $('lock-banner');
  const text = $('lock-text');
  const presence = $('presence');
  let held: boolean | undefined;
  /** Who took the lock from this page: their notice stays until the lock changes hands again. */
  let lostTo: number | undefined;

  const readOnly = (on: boolean) => {
    fieldset.disabled = on;
    opts.editor()?.setEditable(!on);
  };
  const show = (s: PresenceState) => {
    if (presence) presence.textContent = s.others.length > 0 ? `Also here: ${s.others.map((o) => o.name).join(', ')}` : '';
    if (s.lock.mine || !s.lock.holder) {
      if (banner) banner.hidden = true;
      readOnly(false);
      held = true;
      lostTo = undefined;
      return;
    }
    const since = s.lock.since ? ` since ${opts.clock(new Date(s.lock.since))}` : '';
    if (held) {
      opts.onLost();
      lostTo = s.lock.holder.id;
    } else if (lostTo !== s.lock.holder.id) lostTo = undefined;
    if (lostTo !== undefined) {
      // Later heartbeats keep saying so: the notice must not turn into "is editing" before it is read.
      if (text) text.textContent = `${s.lock.holder.name} took over editing${since}. Your unsaved changes are kept in this browser; take over again to continue.`;
    } else if (text) {
      text.textContent = `${s.lock.holder.name} is editing this article${since}. You can read it; take over to edit (they will be told).`;
    }
    if (banner) banner.hidden = false;
    readOnly(true);
    held = false;
  };
  const beat = async (takeover = false): Promise<PresenceState | undefined> => {
    try {
      const res = await fetch(`/admin/api/articles/${articleId}/presence`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(takeover ? { takeover: true } : {}),
        credentials: 'same-origin',
      });
      if (!res.ok) return undefined;
      const state = (await res.json()) as PresenceState;
      show(state);
      return state;
    } catch {
      return undefined;
    }
  };
  let reloading = false;
  $('lock-takeover')?.addEventListener('click', () => {
    void beat(true).then((s) => {
      // Start from the version just saved by the one who had it, not from what this page loaded;
      // the reload keeps the lock (leaving would free it for the one it was just taken from).
      if (s?.lock.mine) {
        reloading = true;
        window.location.reload();
      }
    });
  });
  window.setInterval(() => void beat(), every);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void beat();
  });
  window.addEventListener('pagehide', () => {
    if (reloading) return;
    void fetch(`/admin/api/articles/${articleId}/leave`, { method: 'POST', headers: { 'x-csrf-token': csrf }, credentials: 'same-origin', keepalive: true });
  });
  void beat();
}
