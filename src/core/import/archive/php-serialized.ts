/**
 * Reads PHP's serialize() format, which WordPress uses for postmeta (`_wp_attachment_metadata`, a
 * co-authors list): strings (lengths in UTF-8 bytes), integers, floats, booleans, null and arrays.
 * Objects and references are refused (they are never needed here, and reading them is how PHP's own
 * unserialize goes wrong). Returns undefined for anything it cannot read.
 */
export type PhpValue = string | number | boolean | null | PhpArray;
export interface PhpArray {
  readonly [key: string]: PhpValue;
}

export function phpUnserialize(text: string): PhpValue | undefined {
  const bytes = Buffer.from(text, 'utf8');
  let at = 0;
  const until = (ch: string): string => {
    const end = bytes.indexOf(ch, at);
    if (end < 0) throw new Error('truncated');
    const s = bytes.toString('utf8', at, end);
    at = end + 1;
    return s;
  };
  const expect = (s: string) => {
    if (bytes.toString('utf8', at, at + s.length) !== s) throw new Error(`expected ${s}`);
    at += s.length;
  };
  const value = (depth: number): PhpValue => {
    if (depth > 32) throw new Error('too deep');
    const type = bytes.toString('utf8', at, at + 2);
    at += 2;
    switch (type) {
      case 'N;':
        return null;
      case 'b:':
        return until(';') === '1';
      case 'i:':
      case 'd:':
        return Number(until(';'));
      case 's:': {
        const length = Number(until(':'));
        expect('"');
        const s = bytes.toString('utf8', at, at + length);
        at += length;
        expect('";');
        return s;
      }
      case 'a:': {
        const count = Number(until(':'));
        expect('{');
        // No prototype: a key named "__proto__" is data here, never the object's prototype.
        const out: Record<string, PhpValue> = Object.create(null) as Record<string, PhpValue>;
        for (let i = 0; i < count; i++) {
          const key = value(depth + 1);
          if (typeof key !== 'string' && typeof key !== 'number') throw new Error('bad key');
          out[String(key)] = value(depth + 1);
        }
        expect('}');
        return out;
      }
      default:
        throw new Error(`unsupported ${type}`);
    }
  };
  try {
    const v = value(0);
    return at === bytes.length ? v : undefined;
  } catch {
    return undefined;
  }
}
