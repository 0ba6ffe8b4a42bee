// braze-openapi import <file>: loads users from NDJSON, a JSON array or CSV (plain or gzip, a file
// or standard input) into /users/track at the rate limit. The API key comes from BRAZE_API_KEY
// only (never argv, which other users of the machine can read). See `braze-openapi import --help`.
//
// Every row ends in one of four places, and the summary (and `--report`) says which:
// accepted; unreadable or refused before sending (a bad row, reported by line); failed (Braze
// refused it, or it never left: written to <file>.failed.<ext>, safe to send again); uncertain
// (its request may have been processed: written to <file>.uncertain.<ext>, with a warning).
import { closeSync, createReadStream, createWriteStream, existsSync, openSync, readFileSync, readSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs as parseArgv } from 'node:util';
import { createGunzip } from 'node:zlib';
import { INSTANCES, type Instance, type OperationId } from '../generated/endpoints.js';
import { createBulk, type BulkError, type BulkFailure, type BulkProgress, type BulkResult, type TrackInput, type TrackRow } from './bulk.js';
import { checkBody, createBrazeClient } from './client.js';
import { parseHeader, readCell, readCsv, writeCell, type Column } from './csv.js';
import { endpointOf } from './endpoints.js';
import { progress } from './progress.js';
import type { RateLimitStore } from './limiter.js';
import { loadValidation, throwIfInvalid } from './validate.js';

const HELP = `Usage: braze-openapi import <file | -> (--instance US-01 | --base-url URL) [options]
       braze-openapi emulate [--port N] [--host 127.0.0.1]   (a local, stateful Braze: emulate --help)
       braze-openapi spec [--view strict|tolerant]   (the description as JSON on standard output)

Loads user rows into /users/track, 75 objects per array, paced under the rate limit.
The REST API key is read from the BRAZE_API_KEY environment variable.

Input
  <file>   .ndjson/.jsonl (one JSON row per line), .json (a JSON array of rows) or .csv,
           optionally gzip-compressed (.gz, also recognised by content); - reads standard
           input (then say --format).

Rows (NDJSON and JSON)
  flat          {"external_id": "u1", "first_name": "Ada"}
  wrapped       {"attributes": {"external_id": "u1"}, "events": [...], "purchases": [...]}
  flat + lists  {"external_id": "u1", "first_name": "Ada", "events": [{"name": "signup", "time": "..."}]}
                (the row's identifier is copied into each event and purchase that has none)
  "attributes", "events" and "purchases" are never custom attributes: a row that uses them
  in any other way is a bad row, reported by line.
CSV
  a header line, then one user per record; a header "name:type" types its column: number,
  integer, boolean, date (ISO 8601; no zone means UTC), array (a;b;c), json. Empty cells are
  left out. A column "events:json" or "purchases:json" carries lists as in "flat + lists".

Options
  --format ndjson|json|csv  default: from the file name
  --delimiter C             CSV field delimiter (default ,; "\\t" for tabs)
  --dry-run                 check every row locally and report each bad one; send nothing
  --concurrency N           requests in flight (default 8)
  --rate R/S                pace at R requests per S seconds instead of the documented 3,000/3
  --redis URL               share the rate budget through Redis (redis://host:port) with every
                            other import or client of the workspace; needs the redis package
  --workspace NAME          the shared budget's name in Redis (default: host and a hash of the key)
  --redis-prefix P          first part of the Redis keys (default braze-openapi)
  --shard I/N               import only records I, I+N, I+2N... (1 <= I <= N): N processes, on
                            one or several machines, split one file; use with --redis
  --skip N                  skip the first N rows (records: lines of NDJSON, blank and unreadable
                            ones included; CSV records after the header; JSON array elements)
  --failed PATH             where rows that were not imported go (default <file>.failed.<ext>)
  --uncertain PATH          where rows that may have been imported go (default <file>.uncertain.<ext>)
  --report PATH             write a JSON summary for pipelines
  --quiet                   print nothing but errors
  --version                 print the version

Exit codes
  0 every row accepted; 1 some rows bad, failed or uncertain; 2 usage (bad option, unreadable
  input, no key); 3 stopped on a 401/403 (the key) or, on the first request, a 404 or no
  connection (the URL); 130 interrupted (Ctrl-C)
`;

const EXIT = { ok: 0, rows: 1, usage: 2, stoppedAuth: 3, interrupted: 130 } as const;
type Format = 'ndjson' | 'json' | 'csv';
const EXTENSION: Record<Format, string> = { ndjson: 'ndjson', json: 'json', csv: 'csv' };

interface Options {
  file: string;
  format: Format;
  instance?: string;
  baseUrl?: string;
  dryRun: boolean;
  /** Only the records whose position (from 0) modulo `count` is `index - 1`. */
  shard?: { index: number; count: number };
  /** A Redis URL: the rate budget is shared with every process that uses the same Redis and workspace. */
  redis?: string;
  redisPrefix?: string;
  workspace?: string;
  concurrency: number;
  rate?: { requests: number; windowSeconds: number };
  rateText?: string;
  skip: number;
  failed?: string;
  uncertain?: string;
  report?: string;
  quiet: boolean;
  delimiter: string;
}

class UsageError extends Error {}

function version(): string {
  try {
    return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function formatOf(name: string): Format | undefined {
  const plain = name.replace(/\.gz$/i, '');
  if (/\.csv$/i.test(plain) || /\.tsv$/i.test(plain)) return 'csv';
  if (/\.(ndjson|jsonl)$/i.test(plain)) return 'ndjson';
  if (/\.json$/i.test(plain)) return 'json';
  return undefined;
}

function parseArgs(argv: string[]): Options | 'done' {
  if (argv.some((a) => a === '--api-key' || a.startsWith('--api-key='))) throw new UsageError('the API key is never taken from the command line: set BRAZE_API_KEY');
  let parsed;
  try {
    parsed = parseArgv({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        instance: { type: 'string' },
        'base-url': { type: 'string' },
        format: { type: 'string' },
        delimiter: { type: 'string' },
        'dry-run': { type: 'boolean' },
        concurrency: { type: 'string' },
        rate: { type: 'string' },
        skip: { type: 'string' },
        failed: { type: 'string' },
        uncertain: { type: 'string' },
        report: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        redis: { type: 'string' },
        'redis-prefix': { type: 'string' },
        workspace: { type: 'string' },
        shard: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values: v, positionals } = parsed;
  if (v.version) {
    process.stdout.write(`braze-openapi ${version()}\n`);
    return 'done';
  }
  const [command, file, ...extra] = positionals;
  if (v.help || !command || command === 'help') {
    process.stdout.write(HELP);
    return 'done';
  }
  if (command !== 'import') throw new UsageError(`unknown command "${command}" (the commands are: import, emulate, spec)`);
  if (!file) throw new UsageError('which file? braze-openapi import <file> (or - for standard input)');
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const whole = (name: string, text: string | undefined, fallback: number, min: number) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${name} is a whole number from ${min}, not "${text}"`);
    return Number(text);
  };
  const format = (v.format ?? (file === '-' ? undefined : formatOf(file))) as Format | undefined;
  if (!format) throw new UsageError(file === '-' ? 'standard input needs --format ndjson, json or csv' : `cannot tell the format of "${file}" from its name: say --format ndjson, json or csv`);
  if (!(format in EXTENSION)) throw new UsageError(`--format is ndjson, json or csv, not "${format}"`);
  const delimiter = v.delimiter === undefined ? (/\.tsv(\.gz)?$/i.test(file) ? '\t' : ',') : v.delimiter === '\\t' || v.delimiter === 'tab' ? '\t' : v.delimiter;
  if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) throw new UsageError('--delimiter is one character other than a quote or a line break');
  let rate: Options['rate'];
  if (v.rate !== undefined) {
    const m = v.rate.match(/^(\d+)\/(\d+(?:\.\d+)?)$/);
    if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) throw new UsageError('--rate takes REQUESTS/SECONDS, for example 300/3');
    rate = { requests: Number(m[1]), windowSeconds: Number(m[2]) };
  }
  let shard: Options['shard'];
  if (v.shard !== undefined) {
    const m = v.shard.match(/^(\d+)\/(\d+)$/);
    if (!m || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError('--shard takes I/N with 1 <= I <= N, for example 2/4');
    shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  if (v.redis !== undefined && !/^rediss?:\/\//.test(v.redis)) throw new UsageError('--redis takes a redis:// (or rediss://) URL, for example redis://127.0.0.1:6379');
  const options: Options = {
    file,
    format,
    shard,
    redis: v.redis,
    redisPrefix: v['redis-prefix'],
    workspace: v.workspace,
    instance: v.instance,
    baseUrl: v['base-url'],
    dryRun: v['dry-run'] ?? false,
    concurrency: whole('concurrency', v.concurrency, 8, 1),
    rate,
    rateText: v.rate,
    skip: whole('skip', v.skip, 0, 0),
    failed: v.failed,
    uncertain: v.uncertain,
    report: v.report,
    quiet: v.quiet ?? false,
    delimiter,
  };
  if (options.instance && !Object.hasOwn(INSTANCES, options.instance)) throw new UsageError(`unknown --instance "${options.instance}": one of ${Object.keys(INSTANCES).join(', ')}`);
  if (!options.dryRun && !options.instance && !options.baseUrl) throw new UsageError(`say where: --instance (${Object.keys(INSTANCES).join(', ')}) or --base-url`);
  return options;
}

// ---------------------------------------------------------------------------------------------
// Reading: bytes (gzip by content), then records of the format, one at a time.

/** An input record: a row's value, or why it cannot be read, and where it is. */
interface InputRecord {
  /** Position among the records of the input, from 0, skipped ones included. */
  record: number;
  line: number;
  value?: unknown;
  error?: string;
  /** The record's own text, to write an unreadable one back as it was. */
  raw?: string;
}

/** Opens the input, with one clear message when it cannot be read. */
function openInput(file: string): AsyncIterable<Buffer> {
  if (file === '-') return process.stdin;
  checkInput(file);
  return createReadStream(file, { highWaterMark: 1 << 16 });
}

function checkInput(file: string): void {
  try {
    if (statSync(file).isDirectory()) throw new UsageError(`cannot read "${file}": it is a directory`);
    closeSync(openSync(file, 'r'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : ((error as Error).message ?? String(error));
    throw new UsageError(`cannot read "${file}": ${why}`);
  }
}

/** The input's bytes, gunzipped when they start with gzip's magic number (whatever the name). */
async function* bytesOf(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const it = source[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const n = await it.next();
    if (n.done) break;
    head = Buffer.concat([head, n.value]);
  }
  async function* all() {
    if (head.length) yield head;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    const from = Readable.from(all());
    from.on('error', (e) => gunzip.destroy(e));
    from.pipe(gunzip);
    try {
      yield* gunzip as AsyncIterable<Buffer>;
    } catch (error) {
      throw new InputError(`the gzip data is damaged: ${(error as Error).message}`);
    }
  } else {
    yield* all();
  }
}

/** The input itself cannot be read on (damaged gzip, not a JSON array): the run stops. */
class InputError extends Error {}

async function* textOf(source: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of source) {
    let text = decoder.write(chunk);
    if (first && text.length) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * Lines of a text stream. Reading chunk by chunk keeps backpressure: the file is read only as fast
 * as rows are consumed, so memory stays flat however long the file is.
 */
async function* readLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  if (rest !== '') yield rest;
}

/**
 * The elements of a JSON array, streamed: each element's text is cut out by a small scanner (depth,
 * strings, escapes) and parsed alone, so that a million-row array never sits in memory and a bad
 * element is one bad row.
 */
async function* readJsonArray(chunks: AsyncIterable<string>): AsyncGenerator<{ line: number; text: string }> {
  const BEFORE = 0;
  const BETWEEN = 1;
  const ELEMENT = 2;
  const END = 3;
  const space = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
  let state = BEFORE;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pending = ''; // the current element's text from earlier chunks
  let line = 1;
  let start = 1;
  for await (const chunk of chunks) {
    let from = 0; // where the current element starts in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) line++;
      if (state === ELEMENT) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true; // backslash
          else if (c === 34) inString = false;
        } else if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if ((c === 125 || c === 93) && depth > 0) depth--;
        else if (depth === 0 && (c === 44 || c === 93)) {
          // `,` or the closing `]`: the element is complete.
          yield { line: start, text: pending + chunk.slice(from, i) };
          pending = '';
          state = c === 93 ? END : BETWEEN;
        }
        continue;
      }
      if (space(c)) continue;
      if (state === BEFORE) {
        if (c !== 91) throw new InputError(`line ${line}: a JSON array file starts with "[" (one row per line is --format ndjson)`);
        state = BETWEEN;
      } else if (state === END) {
        throw new InputError(`line ${line}: text after the end of the JSON array`);
      } else if (c === 93) {
        state = END;
      } else if (c !== 44) {
        state = ELEMENT;
        start = line;
        from = i;
        depth = c === 123 || c === 91 ? 1 : 0;
        inString = c === 34;
        escaped = false;
      }
    }
    if (state === ELEMENT) pending += chunk.slice(from);
  }
  if (state !== END) throw new InputError(state === BEFORE ? 'the input is empty: a JSON array file holds [ rows ]' : 'the JSON array is not closed: the input ends inside it');
}

/** Every record of the input, in order, with its position; the first `skip` are counted, not read. */
async function* readRecords(options: Options, columns: { value?: Column[] }, count: { records: number }): AsyncGenerator<InputRecord> {
  const text = textOf(bytesOf(openInput(options.file)));
  let record = 0;
  if (options.format === 'ndjson') {
    let line = 0;
    for await (const raw of readLines(text)) {
      line++;
      count.records = record + 1;
      if (record++ < options.skip) continue;
      if (raw.trim() === '') continue; // a blank line is a record (it counts for --skip) with nothing in it
      try {
        yield { record: record - 1, line, value: JSON.parse(raw), raw };
      } catch (error) {
        yield { record: record - 1, line, error: `not JSON: ${(error as Error).message}`, raw };
      }
    }
    return;
  }
  if (options.format === 'json') {
    for await (const { line, text: raw } of readJsonArray(text)) {
      count.records = record + 1;
      if (record++ < options.skip) continue;
      try {
        yield { record: record - 1, line, value: JSON.parse(raw), raw };
      } catch (error) {
        yield { record: record - 1, line, error: `not JSON: ${(error as Error).message}`, raw };
      }
    }
    return;
  }
  for await (const csv of readCsv(text, options.delimiter)) {
    if (!columns.value) {
      if (csv.error) throw new InputError(`line ${csv.line}: the header: ${csv.error}`);
      columns.value = parseHeader(csv.fields);
      continue;
    }
    count.records = record + 1;
    if (record++ < options.skip) continue;
    const raw = csv.fields.map((f) => writeCell({ name: '', type: 'string', header: '' }, f, options.delimiter)).join(options.delimiter);
    if (csv.error) {
      yield { record: record - 1, line: csv.line, error: csv.error, raw };
      continue;
    }
    const row: Record<string, unknown> = {};
    try {
      if (csv.fields.length !== columns.value.length) throw new Error(`${csv.fields.length} fields where the header has ${columns.value.length}`);
      columns.value.forEach((column, i) => {
        if (csv.fields[i] !== '') row[column.name] = readCell(column, csv.fields[i]);
      });
    } catch (error) {
      yield { record: record - 1, line: csv.line, error: (error as Error).message, raw };
      continue;
    }
    yield { record: record - 1, line: csv.line, value: row, raw };
  }
}

// ---------------------------------------------------------------------------------------------
// Writing rows back, in the input's format.

/** A file of rows in the input's format, created on its first row (appended to on a resume). */
class RowFile {
  private out?: WriteStream;
  rows = 0;
  constructor(
    readonly path: string,
    private readonly options: Options,
    private readonly columns: { value?: Column[] },
    private readonly append: boolean,
  ) {}

  /** An unreadable record, as it was. */
  writeRaw(raw: string) {
    this.line(raw);
  }

  /** A row value (an input row, or a `{ attributes, events, purchases }` row reduced to some objects). */
  writeRow(item: unknown) {
    if (this.options.format === 'csv') {
      const row = item as Record<string, unknown>;
      // A reduced row: its single attributes object, with events and purchases beside it.
      const flat =
        'attributes' in row || (!this.columns.value!.some((c) => c.name === 'events') && 'events' in row)
          ? { ...((Array.isArray(row.attributes) ? row.attributes[0] : row.attributes) as object), ...(row.events ? { events: row.events } : {}), ...(row.purchases ? { purchases: row.purchases } : {}) }
          : row;
      this.line(this.columns.value!.map((c) => writeCell(c, (flat as Record<string, unknown>)[c.name], this.options.delimiter)).join(this.options.delimiter));
      return;
    }
    const { attributes, events, purchases } = item as TrackRow;
    const keys = Object.keys(item as object);
    // A row that only set one user's attributes is written back as that attributes object.
    const plain = keys.length === 1 && keys[0] === 'attributes' && attributes && !Array.isArray(attributes) && !events && !purchases;
    this.line(JSON.stringify(plain ? attributes : item));
  }

  private line(text: string) {
    if (!this.out) {
      const exists = this.append && existsSync(this.path) && statSync(this.path).size > 0;
      this.out = createWriteStream(this.path, { flags: exists ? 'a' : 'w' });
      if (!exists && this.options.format === 'csv') this.out.write(this.columns.value!.map((c) => writeCell({ ...c, type: 'string' }, c.header, this.options.delimiter)).join(this.options.delimiter) + '\n');
      if (this.options.format === 'json') this.out.write(exists ? '' : '[\n');
    }
    if (this.options.format === 'json') this.out.write(`${this.rows > 0 ? ',\n' : ''}${text}`);
    else this.out.write(text + '\n');
    this.rows++;
  }

  close(): Promise<void> {
    if (this.out && this.options.format === 'json') this.out.write('\n]\n');
    return new Promise((resolve, reject) => (this.out ? this.out.end(() => resolve()).on('error', reject) : resolve()));
  }
}

function defaultPath(options: Options, kind: 'failed' | 'uncertain'): string {
  if (options.file === '-') return `stdin${options.shard ? `.shard-${options.shard.index}-of-${options.shard.count}` : ''}.${kind}.${EXTENSION[options.format]}`;
  const name = basename(options.file).replace(/\.gz$/i, '').replace(/\.(ndjson|jsonl|json|csv|tsv)$/i, '');
  const shard = options.shard ? `.shard-${options.shard.index}-of-${options.shard.count}` : '';
  return join(dirname(options.file), `${name}${shard}.${kind}.${EXTENSION[options.format]}`);
}

// ---------------------------------------------------------------------------------------------
// The run.

/** A bad row, as reported: its line and a message naming the field. */
interface RowProblem {
  line: number;
  kind: string;
  message: string;
  status?: number;
}

/** The message of a local failure, with the field named as it is in the row. */
function describe(error: BulkError, item: unknown): string {
  let field = error.field;
  let message = error.message;
  if (field && error.kind === 'check') {
    // `users.track: body.attributes[0].visits.inc must be integer` -> `visits.inc: must be integer`
    message = message.replace(/^[\w.]+: (body\.)?/, '').replace(field, '').trim();
    const flat = item !== null && typeof item === 'object' && !('attributes' in item);
    if (flat) field = field.replace(/^attributes\[0\]\.?/, '') || 'row';
    return `${field}: ${message}`;
  }
  return message;
}

/** Braze's message, after the status when there is one: `503: Service Unavailable`. */
function withStatus(error: BulkError): string {
  return error.status && !error.message.includes(String(error.status)) ? `${error.status}: ${error.message}` : error.message;
}

function bar(p: BulkProgress, rows: number, totalRows: number | undefined): string {
  const width = 24;
  const ratio = totalRows ? Math.min(1, rows / totalRows) : 0;
  const filled = Math.round(ratio * width);
  const eta = totalRows && p.rate > 0 ? Math.max(0, ((totalRows - rows) / Math.max(1, rows)) * (p.elapsedMs / 1000)) : undefined;
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${totalRows ? `${(ratio * 100).toFixed(0).padStart(3)}% ` : ''}` +
    `${rows.toLocaleString('en')}${totalRows ? `/${totalRows.toLocaleString('en')}` : ''} rows  ${Math.round(p.rate).toLocaleString('en')} objects/s` +
    `${eta === undefined ? '' : `  ETA ${Math.ceil(eta)}s`}  retries ${p.retries}  failed ${p.failed}  uncertain ${p.uncertain}`
  );
}

/** Counts records quickly, for the progress bar's total (plain files only). */
async function countLines(file: string): Promise<number | undefined> {
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(2);
  readSync(fd, head, 0, 2, 0);
  closeSync(fd);
  if (head[0] === 0x1f && head[1] === 0x8b) return undefined;
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  // A last line without its line break is a line too.
  return lines + (last === 10 ? 0 : 1);
}

/** A growable list of small whole numbers (8 bytes per row would be 8 MB per million). */
class Numbers {
  private data = new Uint32Array(1024);
  length = 0;
  push(n: number) {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = n;
  }
  at(i: number) {
    return this.data[i];
  }
}

interface Outcome {
  code: number;
  report: Record<string, unknown>;
}

async function run(options: Options, apiKey: string | undefined): Promise<Outcome> {
  const started = Date.now();
  const columns: { value?: Column[] } = {};
  const out = (text: string) => options.quiet || process.stdout.write(redact(text, apiKey));
  const err = (text: string) => process.stderr.write(redact(text, apiKey));

  // Where each row handed to bulk came from.
  const lineOf = new Numbers();
  const recordOf = new Numbers();
  const unreadable: (RowProblem & { raw?: string })[] = [];
  const count = { records: 0 };
  let inputError: string | undefined;
  async function* rows(): AsyncGenerator<TrackInput> {
    try {
      for await (const r of readRecords(options, columns, count)) {
        // With --shard I/N, the other processes take the other records (readable or not).
        if (options.shard && r.record % options.shard.count !== options.shard.index - 1) continue;
        if (r.error !== undefined) {
          unreadable.push({ line: r.line, kind: 'unreadable', message: r.error, raw: r.raw });
          continue;
        }
        lineOf.push(r.line);
        recordOf.push(r.record);
        yield r.value as TrackInput;
      }
    } catch (error) {
      // The input breaks off (damaged gzip, not a JSON array...): what came before is processed.
      if (!(error instanceof InputError)) throw error;
      inputError = error.message;
    }
  }

  let rateLimitWaits = 0;
  let rateLimitWaitedMs = 0;
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    err('\nstopping: waiting for the requests in flight (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  // The options a printed command repeats, quoted for a POSIX shell where needed.
  const q = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);
  const same = [
    ...(options.instance ? ['--instance', options.instance] : ['--base-url', options.baseUrl!]),
    ...(options.rateText ? ['--rate', options.rateText] : []),
    ...(options.format === 'csv' && options.delimiter !== ',' ? ['--delimiter', options.delimiter === '\t' ? '\\t' : options.delimiter] : []),
    ...(options.redis ? ['--redis', options.redis] : []),
    ...(options.workspace ? ['--workspace', options.workspace] : []),
    ...(options.redisPrefix ? ['--redis-prefix', options.redisPrefix] : []),
  ]
    .map(q)
    .join(' ');

  let result: BulkResult<TrackInput>;
  const warnings: { line: number; text: string }[] = [];
  if (options.dryRun) {
    // The same checks as a real run, row by row, with `validate: true`; nothing is sent.
    const validation = await loadValidation();
    const bulk = createBulk(
      // The client's own checks of each request (the 4 MB limit...), then "accepted".
      async (id, body) => (checkBody(id, endpointOf(id)!, body), { message: 'success' }),
      () => 0,
      endpointOf,
      // Rows are checked one at a time, in order, right after they are read: the last line read
      // is the line of the row being checked. A warning (Braze takes it, the strict contract does
      // not) is listed apart and never fails the row.
      (id: OperationId, body: unknown) =>
        throwIfInvalid(validation, id, body, true, (w) => warnings.push({ line: lineOf.at(lineOf.length - 1), text: `${w.field.replace(/^body\./, '')} ${w.message} (${w.why})` })),
    );
    result = await bulk.track(rows(), { concurrency: 1 });
  } else {
    // --redis: one budget for every import (and every client) of the workspace, in Redis.
    let store: RateLimitStore | undefined;
    if (options.redis) {
      const { redisStore } = await import('./redis-store.js');
      store = redisStore({ url: options.redis, ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}), ...(options.workspace ? { workspace: options.workspace } : {}) });
    }
    const braze = createBrazeClient({
      apiKey: apiKey!,
      // Each row is checked against the schema before packing: a bad row fails alone, unsent.
      validate: true,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : { instance: options.instance as Instance }),
      ...(options.rate || store
        ? {
            rateLimit: {
              ...(options.rate ? { overrides: { 'users-track': options.rate } } : {}),
              ...(store ? { store, onWarning: (message: string) => err(`${message}\n`) } : {}),
            },
          }
        : {}),
      retry: {
        onRetry: (info) => {
          if (info.reason === 'rate-limited') {
            rateLimitWaits++;
            rateLimitWaitedMs += info.delayMs;
          }
        },
      },
    });
    const totalLines = options.quiet || options.file === '-' ? undefined : await countLines(options.file);
    const totalRows = totalLines === undefined ? undefined : Math.max(0, totalLines - (options.format === 'csv' ? 1 : 0) - options.skip);
    const intervalMs = Number(process.env.BRAZE_OPENAPI_PROGRESS_MS) || undefined;
    const line = progress(process.stderr, { intervalMs });
    process.on('SIGINT', onSigint);
    try {
      result = await braze.bulk.track(rows(), {
        concurrency: options.concurrency,
        signal: controller.signal,
        onProgress: (p) => options.quiet || line.update(bar(p, lineOf.length + unreadable.length, totalRows)),
      });
    } finally {
      process.off('SIGINT', onSigint);
      line.done();
      await store?.close?.();
    }
  }

  // Where the next run starts: the first row not accounted for, or all that was read.
  const recordsRead = Math.max(0, count.records - options.skip);
  const resumeRecord = result.settled < lineOf.length ? recordOf.at(result.settled) : options.skip + recordsRead;
  const fatal = result.stopReason;
  const nothingImported = result.accepted === 0 && result.uncertain.length === 0;

  // The two files.
  const failedFile = new RowFile(options.failed ?? defaultPath(options, 'failed'), options, columns, options.skip > 0);
  const uncertainFile = new RowFile(options.uncertain ?? defaultPath(options, 'uncertain'), options, columns, options.skip > 0);
  const problems: RowProblem[] = [...unreadable.map(({ raw: _raw, ...p }) => p)];
// An element that is not JSON would make a JSON array file unreadable as a whole: reported only.
  const failedLines: { line: number; write: () => void }[] = unreadable.filter((u) => u.raw !== undefined && options.format !== 'json').map((u) => ({ line: u.line, write: () => failedFile.writeRaw(u.raw!) }));
  const lineOfFailure = (f: BulkFailure<TrackInput>) => lineOf.at(f.index);
  for (const f of result.failed) {
    const local = f.error.kind === 'row' || f.error.kind === 'check';
    problems.push({ line: lineOfFailure(f), kind: local ? (f.error.kind === 'row' ? 'row shape' : 'check') : f.error.kind === 'object' ? 'refused by Braze (per object)' : f.error.status ? `HTTP ${f.error.status}` : (f.error.kind ?? 'error'), message: local ? describe(f.error, f.item) : withStatus(f.error), ...(f.error.status ? { status: f.error.status } : {}) });
    failedLines.push({ line: lineOfFailure(f), write: () => failedFile.writeRow(f.item) });
  }
  const uncertainProblems = result.uncertain.map((f) => ({ line: lineOfFailure(f), kind: f.error.status ? `HTTP ${f.error.status}` : (f.error.kind ?? 'error'), message: withStatus(f.error), ...(f.error.status ? { status: f.error.status } : {}) }));
  // After a 401/403/404 with nothing imported, the run is simply to be done again: no files.
  const writeFiles = !options.dryRun && !(fatal && nothingImported);
  if (writeFiles) {
    failedLines.sort((a, b) => a.line - b.line).forEach((f) => f.write());
    for (const f of result.uncertain) uncertainFile.writeRow(f.item);
  }
  await Promise.all([failedFile.close(), uncertainFile.close()]);
  problems.sort((a, b) => a.line - b.line);

  const seconds = (Date.now() - started) / 1000;
  const rowsRead = recordsRead;
  const code = fatal ? EXIT.stoppedAuth : interrupted || result.stopped ? EXIT.interrupted : problems.length || result.uncertain.length || inputError ? EXIT.rows : EXIT.ok;
  // What a pipeline must see goes to stderr with --quiet.
  const notice = options.quiet ? err : out;
  if (inputError) err(`braze-openapi: cannot read the input on: ${inputError}; the rows before it were processed\n`);

  // Errors go to stderr even with --quiet; the rest to stdout unless --quiet.
  if (fatal) {
    const what =
      fatal.status === 401
        ? `Braze refused the API key (401): check BRAZE_API_KEY, and that it is a REST API key of the workspace at ${options.instance ?? options.baseUrl}`
        : fatal.status === 403
          ? 'the API key may not call /users/track (403): give the key the users.track permission, or check its allowed IP addresses'
          : fatal.status === 404
            ? `nothing answers at ${options.baseUrl ?? options.instance} (404 on the first request): check --base-url, the REST endpoint of your instance (https://rest.<instance>.braze.com)`
            : `cannot connect to ${options.baseUrl ?? options.instance} (${fatal.code}): check --base-url or --instance, and the network`;
    err(`braze-openapi: stopped: ${what}. ${nothingImported ? 'Nothing was imported; run the same command again once fixed.' : 'The rest of the input was not sent.'}\n`);
  }
  const report = (list: RowProblem[], label: string, limit = 10) => {
    for (const p of list.slice(0, limit)) err(`line ${p.line}: ${label}${p.message}\n`);
    if (list.length > limit) err(`... and ${list.length - limit} more${options.report ? ` (all in ${options.report})` : ''}\n`);
  };
  if (options.dryRun) for (const p of problems) notice(`line ${p.line}: ${p.message}\n`);
  if (options.dryRun) for (const w of warnings) notice(`line ${w.line}: warning: ${w.text}\n`);
  else if (!(fatal && nothingImported)) report(problems, 'not imported: ');

  if (options.dryRun) {
    const rss = Math.round(process.resourceUsage().maxRSS / 1024);
    out(`dry run: ${rowsRead} rows read, ${problems.length} bad, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}, nothing sent (peak memory ${rss} MB)\n`);
  } else {
    out(`rows read: ${rowsRead}${options.skip ? ` (after skipping ${options.skip})` : ''}\n`);
    out(`objects sent: ${result.sent}, accepted: ${result.accepted}, requests: ${result.requests}, retries: ${result.retries}\n`);
    out(`time: ${seconds.toFixed(1)} s, ${Math.round(result.sent / Math.max(seconds, 0.001)).toLocaleString('en')} objects/s\n`);
    if (writeFiles && failedFile.rows) {
      notice(`failed rows: ${failedFile.rows}, ${options.skip > 0 ? 'added to' : 'written to'} ${failedFile.path} (not imported; safe to send again once fixed)\n`);
      notice(`re-run just those: braze-openapi import ${q(failedFile.path)} ${same}\n`);
    }
    if (writeFiles && uncertainFile.rows) {
      report(uncertainProblems, 'may have been imported: ', 5);
      err(
        `WARNING: ${uncertainFile.rows} rows may have been imported already (a 5xx, a timeout or a lost connection after sending); ` +
          `they are in ${uncertainFile.path}. Do not send that file again as is: events and purchases would be recorded twice. ` +
          `Check those users in Braze first; rows that only set attributes to values can be sent again safely.\n`,
      );
    }
  }
  let resume: string | undefined;
  if (result.stopped && !options.dryRun && !(fatal && nothingImported)) {
    const keep = [
      ...(options.file === '-' || formatOf(options.file) !== options.format ? ['--format', options.format] : []),
      ...(options.failed ? ['--failed', options.failed] : []),
      ...(options.uncertain ? ['--uncertain', options.uncertain] : []),
      ...(options.concurrency !== 8 ? ['--concurrency', String(options.concurrency)] : []),
      ...(options.shard ? ['--shard', `${options.shard.index}/${options.shard.count}`] : []),
    ].map(q);
    resume = `braze-openapi import ${[q(options.file), ...keep].join(' ')} ${same} --skip ${resumeRecord}`;
    (fatal ? err : notice)(`stopped after ${resumeRecord} rows; resume with: ${resume}\n`);
  }

  const byKind: Record<string, { count: number; first: RowProblem[] }> = {};
  for (const p of [...problems, ...uncertainProblems.map((p) => ({ ...p, kind: `uncertain: ${p.kind}` }))]) {
    const entry = (byKind[p.kind] ??= { count: 0, first: [] });
    entry.count++;
    if (entry.first.length < 5) entry.first.push(p);
  }
  const failedRowCount = problems.length - unreadable.length;
  return {
    code,
    report: {
      command: 'import',
      version: version(),
      input: options.file,
      format: options.format,
      dryRun: options.dryRun,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      exitCode: code,
      rows: {
        skipped: options.skip,
        read: rowsRead,
        unreadable: unreadable.length,
        failed: failedRowCount,
        uncertain: result.uncertain.length,
        notSent: result.stopped ? Math.max(0, lineOf.length - result.settled) : 0,
      },
      objects: { sent: result.sent, accepted: result.accepted, byKind: result.byArray },
      requests: result.requests,
      retries: result.retries,
      rateLimit: { waits: rateLimitWaits, waitedMs: rateLimitWaitedMs },
      files: { failed: writeFiles && failedFile.rows ? failedFile.path : null, uncertain: writeFiles && uncertainFile.rows ? uncertainFile.path : null },
      errors: byKind,
      ...(inputError ? { inputError } : {}),
      stopped: result.stopped
        ? { reason: fatal ? (fatal.status === 401 || fatal.status === 403 ? 'auth' : 'url') : 'interrupted', ...(fatal ? { ...fatal } : {}), resumeSkip: resumeRecord, ...(resume ? { resume } : {}) }
        : null,
    },
  };
}

/**
 * The key never appears in what the command writes, even when an answer echoes it back (a proxy,
 * a test server): the library's errors never hold it, and this covers the text they quote.
 */
function redact(text: string, apiKey: string | undefined): string {
  return apiKey && apiKey.length >= 4 && text.includes(apiKey) ? text.split(apiKey).join('[key]') : text;
}

/**
 * `braze-openapi spec [--view strict|tolerant]`: one view of the description as JSON on standard
 * output, for tools that need a file (Prism, gateways). The package ships the tolerant view as a
 * patch on the strict one; the validators entry (loaded, like `--dry-run` does, from its own file)
 * applies it.
 */
async function specCommand(argv: string[]): Promise<number> {
  let view: string;
  try {
    const { values } = parseArgv({ args: argv, strict: true, options: { view: { type: 'string', default: 'strict' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write('Usage: braze-openapi spec [--view strict|tolerant]\n\nWrites the OpenAPI 3.1 description as JSON to standard output: the strict contract\n(the default, braze-openapi/openapi.json) or the tolerant view (everything Braze is known to accept).\n');
      return EXIT.ok;
    }
    view = values.view as string;
    if (view !== 'strict' && view !== 'tolerant') throw new UsageError(`--view is strict or tolerant, not "${view}"`);
  } catch (error) {
    process.stderr.write(`braze-openapi: ${(error as Error).message}\n(braze-openapi spec --help for the options)\n`);
    return EXIT.usage;
  }
  const views = await import('./validation.js');
  const text = JSON.stringify(view === 'tolerant' ? views.tolerantSpec() : views.strictSpec(), null, 2) + '\n';
  // Written in full before main() exits the process (a pipe may take it in several parts).
  await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
  return EXIT.ok;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'emulate') return (await import('./emulator/cli.js')).runEmulateCommand(argv.slice(1));
  if (argv[0] === 'spec') return specCommand(argv.slice(1));
  let options: Options | 'done';
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`braze-openapi: ${error.message}\n(braze-openapi import --help for the options)\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (options === 'done') return EXIT.ok;
  try {
    const apiKey = process.env.BRAZE_API_KEY;
    if (!options.dryRun && !apiKey) {
      process.stderr.write('braze-openapi: set BRAZE_API_KEY to the REST API key (it is never taken from the command line)\n');
      return EXIT.usage;
    }
    if (options.file !== '-') checkInput(options.file); // the clear message now, not mid-run
    const { code, report } = await run(options, apiKey);
    if (options.report) writeFileSync(options.report, redact(JSON.stringify(report, null, 2), apiKey) + '\n');
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`braze-openapi: ${error.message}\n`);
      return EXIT.usage;
    }
    // Never Node's raw stack: one line. The key is in no error of this library.
    const message = error instanceof InputError ? `cannot read the input: ${error.message}` : error instanceof Error ? error.message : String(error);
    process.stderr.write(redact(`braze-openapi: ${message}\n`, process.env.BRAZE_API_KEY));
    return EXIT.rows;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
