// A streaming CSV reader (RFC 4180: quoted fields, "" escapes, commas and line breaks inside
// quotes, CRLF or LF) and the typed-column conventions of the import command: a header
// `name:type` reads that column as number, integer, boolean, date, array (`a;b;c`) or json;
// a plain header reads text. An empty cell leaves the attribute out.

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

/** Splits a stream of text chunks into CSV records. */
export async function* readCsv(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let start = 1;
  let pendingCR = false;
  let any = false;
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
      afterQuote = false;
      if (c === '"' && field === '') {
        quoted = true;
        any = true;
      } else if (c === ',') {
        fields.push(field);
        field = '';
        any = true;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r') pendingCR = true;
        fields.push(field);
        if (any || fields.length > 1 || fields[0] !== '') yield { line: start, fields };
        fields = [];
        field = '';
        any = false;
        line++;
        start = line;
      } else {
        field += c;
        any = true;
      }
    }
  }
  if (quoted) throw new Error(`line ${start}: a quoted field is not closed`);
  if (any || field !== '') {
    fields.push(field);
    yield { line: start, fields };
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
    case 'date': {
      const t = Date.parse(value);
      if (Number.isNaN(t)) throw new Error(`${column.name}: "${raw}" is not a date`);
      return new Date(t).toISOString();
    }
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

/** The inverse of readCell, for writing failed rows back in the input's format. */
export function writeCell(column: Column, value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = column.type === 'array' && Array.isArray(value) ? value.join(';') : column.type === 'json' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
