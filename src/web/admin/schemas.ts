import { Type, type TSchema } from 'typebox';

/** Route-level schemas shared by the newsroom's forms and JSON API. */

/** A positive database id in a path, as text (digits only, no leading zero). */
export const IdParam = Type.String({ pattern: '^[1-9][0-9]{0,9}$' });
export const IdParams = Type.Object({ id: IdParam });

/** Form fields arrive as strings; a multi-select arrives as a string or an array of them. */
export const FormText = (maxLength: number) => Type.String({ maxLength });
export const FormList = Type.Union([Type.String({ maxLength: 20 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 100 })]);

/** Every form carries its CSRF token; it is checked before the handler runs. */
export function form<T extends Record<string, TSchema>>(fields: T) {
  return Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })), ...fields }, { additionalProperties: false });
}

/** A list field as numbers (empty strings dropped); undefined when a value is not an id. */
export function ids(value: string | readonly string[] | undefined): number[] | undefined {
  const list = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  const out: number[] = [];
  for (const v of list) {
    if (v === '') continue;
    if (!/^[1-9][0-9]{0,9}$/.test(v)) return undefined;
    out.push(Number(v));
  }
  return out;
}

/** An optional id field ("" means none). */
export function optionalId(value: string | undefined): number | null | undefined {
  if (value === undefined || value === '') return null;
  return /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : undefined;
}

/** A same-site newsroom path to return to after login; anything else becomes /admin/. */
export function safeNext(next: string | undefined): string {
  if (!next || !/^\/admin\/[A-Za-z0-9\-._~/?=&%]*$/.test(next) || next.includes('//') || next.includes('\\')) return '/admin/';
  return next;
}
