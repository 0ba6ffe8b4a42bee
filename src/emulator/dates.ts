// The date forms Braze accepts for time attributes and for event and purchase times, turned into
// the ISO 8601 form (`2024-03-08T18:20:45.000Z`) its exports show. A form without a time zone is
// read as UTC, as Braze documents.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, offsetMinutes = 0): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMinutes * 60_000;
  const date = new Date(t);
  // No rolling over: 2024-02-30 is not a date.
  if (Number.isNaN(t) || new Date(Date.UTC(y, mo - 1, d)).getUTCMonth() !== mo - 1) return undefined;
  return date.toISOString();
}

/** Zone abbreviations of the `ddd MMM dd HH:mm:ss ZZZ yyyy` form, in minutes east of UTC. */
const ZONES: Record<string, number> = { EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420, BST: 60, CET: 60, CEST: 120, EET: 120, EEST: 180, IST: 330, JST: 540, AEST: 600, AEDT: 660 };

function offset(zone: string | undefined): number | undefined {
  if (!zone || zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
  if (zone in ZONES) return ZONES[zone];
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(zone);
  if (!m) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function millis(fraction: string | undefined): number {
  return fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
}

/** The ISO form of a date in one of the accepted forms, or undefined when it is none of them. */
export function parseBrazeDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  let m: RegExpExecArray | null;
  // ISO 8601, and Braze's `yyyy-MM-ddTHH:mm:ss:SSSZ` (a colon before the milliseconds).
  if ((m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.:](\d{1,9}))?\s?(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/.exec(text))) {
    const off = offset(m[8]);
    if (off === undefined) return undefined;
    return utc(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), millis(m[7]), off);
  }
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) return utc(+m[1], +m[2], +m[3]);
  if ((m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text))) return utc(+m[3], +m[1], +m[2]);
  // `ddd MM dd HH:mm:ss.TZD YYYY`, as in `Wed Mar 08 18:20:45 +0000 2024` or with a numeric month.
  if ((m = /^[A-Za-z]{3},? ([A-Za-z]{3}|\d{1,2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\.?\s?(Z|UTC|GMT|[A-Z]{3,4}|[+-]\d{2}:?\d{2})? (\d{4})$/.exec(text))) {
    const month = /^\d+$/.test(m[1]) ? Number(m[1]) : MONTHS.indexOf(m[1].toLowerCase()) + 1;
    const off = offset(m[7]);
    if (off === undefined) return undefined;
    return utc(+m[8], month, +m[2], +m[3], +m[4], +m[5], millis(m[6]), off);
  }
  return undefined;
}

/** `2020-07-10 15:00:00.000 UTC`, the form exports give `created_at` in. */
export function exportTimestamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}
