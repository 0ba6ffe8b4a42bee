// A streaming CSV reader (RFC 4180: quoted fields, "" escapes, delimiters and line breaks inside
// quotes, CRLF or LF; any one-character delimiter; strict quoting) and the typed-column conventions of the import command: a header
// `name:type` reads that column as number, integer, boolean, date, array (`a;b;c`) or json;
// a plain header reads text. An empty cell leaves the attribute out.

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
  /** Why the record cannot be read as written (strict quoting), when it cannot. */
  error?: string;
}

/**
 * Splits a stream of text chunks into CSV records. Quoting is strict: a quote inside an unquoted
 * field, text after a closing quote, or a quoted field still open at the end make that record bad
 * (its `error` says why) rather than being read some way the writer may not have meant.
 */
export async function* readCsv(chunks: AsyncIterable<string | Buffer> | Iterable<string | Buffer>, delimiter = ','): AsyncGenerator<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let start = 1;
  let pendingCR = false;
  let any = false;
  let error: string | undefined;
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (pendingCR) {
        pendingCR = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else {
            // Closing quote, unless the next chunk starts with the second quote of a "" escape.
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (c === '\n') line++;
          field += c;
        }
        continue;
      }
      if (afterQuote && c === '"') {
        // The "" escape split over two chunks.
        field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      const wasAfterQuote = afterQuote;
      afterQuote = false;
      if (c === delimiter) {
        fields.push(field);
        field = '';
        any = true;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') pendingCR = true;
        fields.push(field);
        if (any || fields.length > 1 || fields[0] !== '') yield { line: start, fields, ...(error ? { error } : {}) };
        fields = [];
        field = '';
        any = false;
        error = undefined;
        line++;
        start = line;
      } else if (wasAfterQuote) {
        error ??= `text after a closing quote in field ${fields.length + 1} (a quoted field ends at its closing quote)`;
        field += c;
      } else if (c === '"') {
        if (field === '') {
          quoted = true;
          any = true;
        } else {
          error ??= `a quote inside unquoted field ${fields.length + 1} (quote the whole field and double the quote: "a ""b""")`;
          field += c;
        }
      } else {
        field += c;
        any = true;
      }
    }
  }
  if (quoted) error ??= `a quoted field opened on line ${start} is not closed at the end of the input`;
  if (any || field !== '' || quoted) {
    fields.push(field);
    yield { line: start, fields, ...(error ? { error } : {}) };
  }
}

export type ColumnType = 'string' | 'number' | 'integer' | 'boolean' | 'date' | 'array' | 'json';
const TYPES = new Set<ColumnType>(['string', 'number', 'integer', 'boolean', 'date', 'array', 'json']);

export interface Column {
  name: string;
  type: ColumnType;
  header: string;
}

export function parseHeader(fields: string[]): Column[] {
  return fields.map((header) => {
    const match = header.trim().match(/^(.*?)(?::(\w+))?$/)!;
    const type = (match[2] ?? 'string').toLowerCase() as ColumnType;
    if (!TYPES.has(type)) throw new Error(`column "${header}": unknown type "${match[2]}" (use ${[...TYPES].join(', ')})`);
    return { name: match[1], type, header };
  });
}

/** Reads one cell as its column's type; throws a message naming the column when it cannot. */
export function readCell(column: Column, raw: string): unknown {
  const value = raw.trim();
  switch (column.type) {
    case 'string':
      return raw;
    case 'number':
    case 'integer': {
      const n = Number(value);
      if (value === '' || Number.isNaN(n) || (column.type === 'integer' && !Number.isInteger(n))) throw new Error(`${column.name}: "${raw}" is not ${column.type === 'integer' ? 'an integer' : 'a number'}`);
      return n;
    }
    case 'boolean':
      if (/^(true|1|yes)$/i.test(value)) return true;
      if (/^(false|0|no)$/i.test(value)) return false;
      throw new Error(`${column.name}: "${raw}" is not a boolean (true/false)`);
    case 'date':
      return readDate(column.name, value, raw);
    case 'array':
      return value.split(';').map((s) => s.trim()).filter((s) => s !== '');
    case 'json':
      try {
        return JSON.parse(value);
      } catch {
        throw new Error(`${column.name}: "${raw}" is not JSON`);
      }
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * Reads an ISO 8601 date strictly: `2024-02-03`, `2024-02-03T10:00`, `2024-02-03T10:00:00.5Z`,
 * `2024-02-03 10:00:00+02:00`. A date or time without a zone is UTC, never the machine's zone;
 * an impossible date (`2024-02-30`, hour 24) or any other form (`02/03/2024`, `March 3`) is refused.
 */
export function readDate(name: string, value: string, raw = value): string {
  const m = ISO_DATE.exec(value);
  const bad = (why: string) => new Error(`${name}: "${raw}" is not ${why}`);
  if (!m) throw bad('an ISO 8601 date (2024-02-03, 2024-02-03T10:00:00Z)');
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) throw bad(`a date: ${year}-${m[2]} has no day ${m[3]}`);
  if (hour > 23 || minute > 59 || second > 59) throw bad('a time of day');
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const h = Number(z[2]);
    const mm = Number(z[3] ?? 0);
    if (h > 23 || mm > 59) throw bad('a time zone offset');
    offsetMinutes = (z[1] === '-' ? -1 : 1) * (h * 60 + mm);
  }
  // setUTCFullYear takes years 0-99 literally (Date.UTC would read them as 1900-1999).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return new Date(date.getTime() + Math.round(fraction) - offsetMinutes * 60_000).toISOString();
}

/** The inverse of readCell, for writing failed rows back in the input's format. */
export function writeCell(column: Column, value: unknown, delimiter = ','): string {
  if (value === undefined || value === null) return '';
  const text =
    column.type === 'array' && Array.isArray(value) ? value.join(';') : column.type === 'json' || (typeof value === 'object' && value !== null) ? JSON.stringify(value) : String(value);
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}
