/**
 * Instants are stored as UTC milliseconds; everything a reader sees is formatted here,
 * in the edition's time zone, by Intl (never by adding hours by hand).
 */

// Intl's short names for many zones are only offsets ("GMT+9"); newsrooms print the
// familiar abbreviation, so the common ones are named here and the rest fall back to Intl.
const ZONE_LABELS: Readonly<Record<string, string>> = {
  'Asia/Tokyo': 'JST',
  'Asia/Seoul': 'KST',
  'Asia/Shanghai': 'CST',
  'Asia/Hong_Kong': 'HKT',
  'Asia/Kolkata': 'IST',
  'Asia/Singapore': 'SGT',
  'Australia/Sydney': 'AET',
  UTC: 'UTC',
  'Etc/UTC': 'UTC',
};

/** The fixed abbreviation for a zone we know by name ("JST"), or undefined to ask Intl per instant. */
export function knownZoneLabel(timeZone: string): string | undefined {
  return ZONE_LABELS[timeZone];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Formats instants for one edition (time zone + label). */
export class EditionTime {
  readonly timeZone: string;
  readonly #label: string | undefined;
  readonly #zoneName: Intl.DateTimeFormat;
  readonly #clock: Intl.DateTimeFormat;
  readonly #date: Intl.DateTimeFormat;
  readonly #key: Intl.DateTimeFormat;
  readonly #offset: Intl.DateTimeFormat;
  readonly #local: Intl.DateTimeFormat;

  /** `label` fixes the abbreviation; without it a known one is used, else Intl's (which follows DST). */
  constructor(timeZone: string, label: string | undefined = knownZoneLabel(timeZone)) {
    this.timeZone = timeZone;
    this.#label = label;
    this.#zoneName = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' });
    this.#clock = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.#date = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'long', day: 'numeric' });
    this.#key = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    this.#offset = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    // sv-SE formats as "2025-06-18 15:46:00", the shape ISO 8601 wants.
    this.#local = new Intl.DateTimeFormat('sv-SE', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
  }

  /** "15:46 JST, June 18, 2025" — the article timestamp form. */
  timestamp(at: number): string {
    return `${this.clockTime(at)} ${this.zoneLabel(at)}, ${this.date(at)}`;
  }

  /** The zone abbreviation in force at `at` ("JST", "EDT"). */
  zoneLabel(at: number): string {
    if (this.#label !== undefined) return this.#label;
    return this.#zoneName.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? this.timeZone;
  }

  /** "15:46" in the edition's zone. */
  clockTime(at: number): string {
    return this.#clock.format(at);
  }

  /** "June 18, 2025" in the edition's zone. */
  date(at: number): string {
    return this.#date.format(at);
  }

  /** "20250618": the date part of article URLs, in the edition's zone. */
  dateKey(at: number): string {
    return this.#key.format(at).replaceAll('-', '');
  }

  /** ISO 8601 with the edition's offset, for `<time datetime>` and structured data. */
  isoWithOffset(at: number): string {
    const parts = this.#offset.formatToParts(at);
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '');
    const local = this.#local.format(at);
    return `${local.replace(' ', 'T')}${offset}`;
  }

  /** "2026-03-06T15:00": the value of a datetime-local input showing `at` in the edition's zone. */
  localInput(at: number): string {
    return this.#local.format(at).replace(' ', 'T').slice(0, 16);
  }

  /**
   * The instant a wall-clock time in the edition's zone names ("2026-03-06T15:00" from a
   * datetime-local input). The zone's offset comes from Intl at that instant, so daylight saving
   * is handled; undefined for malformed input.
   */
  parseLocal(value: string): number | undefined {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
    if (!m) return undefined;
    const [y, mo, d, h, mi, se] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
    const asUtc = Date.UTC(y, mo - 1, d, h, mi, se);
    const probe = new Date(asUtc);
    if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
    // Offset at the guess, then at the corrected instant (they differ only across a DST change).
    let at = asUtc - this.#offsetMs(asUtc);
    at = asUtc - this.#offsetMs(at);
    return at;
  }

  /** The zone's offset from UTC at `at`, in ms, read from Intl's "GMT+09:00". */
  #offsetMs(at: number): number {
    const name = this.#offset.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    if (!m) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    return (m[1] === '-' ? -minutes : minutes) * 60_000;
  }

  /**
   * List-item date: "2 hours ago" under a day old, otherwise "June 18, 2025".
   * Future instants (clock skew) read as "Just now" rather than a negative age.
   */
  listDate(at: number, now: number): string {
    return relativeAge(at, now) ?? this.date(at);
  }
}

/** "Just now", "5 minutes ago", "2 hours ago" for ages under a day; undefined otherwise. */
export function relativeAge(at: number, now: number): string | undefined {
  const age = now - at;
  if (age >= DAY) return undefined;
  if (age < MINUTE) return 'Just now';
  if (age < HOUR) {
    const m = Math.floor(age / MINUTE);
    return m === 1 ? '1 minute ago' : `${m} minutes ago`;
  }
  const h = Math.floor(age / HOUR);
  return h === 1 ? '1 hour ago' : `${h} hours ago`;
}

export const TIME = Object.freeze({ MINUTE, HOUR, DAY });
