/* Reading the editor form's fields by id. */

export function $(id: string): HTMLElement | null {
  return document.getElementById(id);
}

export function input(id: string): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  const el = $(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as HTMLInputElement;
}

export function selected(id: string): number[] {
  const el = $(id) as HTMLSelectElement | null;
  if (!el) return [];
  return Array.from(el.selectedOptions).map((o) => Number(o.value)).filter((n) => n > 0);
}

export function nullable(value: string): string | null {
  return value.trim() === '' ? null : value;
}
