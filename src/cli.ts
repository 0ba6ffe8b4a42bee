// braze-openapi import <file>: loads users from NDJSON or CSV into /users/track at the rate limit.
// The API key comes from BRAZE_API_KEY only (never argv, which other users of the machine can
// read). See `braze-openapi help`.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createBrazeClient } from './client.js';
import { BrazeError, BrazeValidationError } from './errors.js';
import { INSTANCES, type Instance } from '../generated/endpoints.js';
import { parseHeader, readCell, readCsv, writeCell, type Column } from './csv.js';
import type { BulkProgress, TrackRow } from './bulk.js';
import { loadValidation, throwIfInvalid } from './validate.js';

const HELP = `Usage: braze-openapi import <file.ndjson|file.csv> (--instance US-01 | --base-url URL) [options]

Loads user rows into /users/track, 75 objects per array, paced under the rate limit.
The REST API key is read from the BRAZE_API_KEY environment variable.

Rows
  NDJSON  one JSON object per line: a user's attributes ({"external_id": "u1", "first_name": "Ada"})
          or a row {"attributes": {...}, "events": [...], "purchases": [...]}
  CSV     a header line, then one user's attributes per line; a header "name:type" types its
          column: number, integer, boolean, date, array (a;b;c), json. Empty cells are left out.

Options
  --format ndjson|csv   default: from the file extension
  --dry-run             validate every row locally and report each bad one; send nothing
  --concurrency N       requests in flight (default 8)
  --rate R/S            pace at R requests per S seconds instead of the documented 3,000/3
  --skip N              skip the first N rows (to resume after a stop)
  --failed PATH         where to write the rows that failed (default: <file>.failed.<ext>)
  --quiet               no progress bar
`;

interface Options {
  file: string;
  format: 'ndjson' | 'csv';
  instance?: string;
  baseUrl?: string;
  dryRun: boolean;
  concurrency: number;
  rate?: { requests: number; windowSeconds: number };
  skip: number;
  failed?: string;
  quiet: boolean;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    process.exit(0);
  }
  if (command !== 'import') throw new UsageError(`unknown command "${command}"`);
  const options: Partial<Options> = { dryRun: false, concurrency: 8, skip: 0, quiet: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--api-key' || arg.startsWith('--api-key=')) throw new UsageError('the API key is never taken from the command line: set BRAZE_API_KEY');
    else if (arg === '--instance') options.instance = value();
    else if (arg === '--base-url') options.baseUrl = value();
    else if (arg === '--format') options.format = value() as Options['format'];
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '--quiet') options.quiet = true;
    else if (arg === '--concurrency') options.concurrency = Number(value());
    else if (arg === '--skip') options.skip = Number(value());
    else if (arg === '--failed') options.failed = value();
    else if (arg === '--rate') {
      const m = value().match(/^(\d+)\/(\d+(?:\.\d+)?)$/);
      if (!m) throw new UsageError('--rate takes REQUESTS/SECONDS, for example 300/3');
      options.rate = { requests: Number(m[1]), windowSeconds: Number(m[2]) };
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (!options.file) options.file = arg;
    else throw new UsageError(`unexpected argument "${arg}"`);
  }
  if (!options.file) throw new UsageError('which file? braze-openapi import <file>');
  options.format ??= /\.csv$/i.test(options.file) ? 'csv' : 'ndjson';
  if (options.format !== 'csv' && options.format !== 'ndjson') throw new UsageError('--format is ndjson or csv');
  if (!Number.isInteger(options.concurrency) || options.concurrency! < 1) throw new UsageError('--concurrency is a whole number from 1');
  if (!Number.isInteger(options.skip) || options.skip! < 0) throw new UsageError('--skip is a whole number from 0');
  if (!options.dryRun && !options.instance && !options.baseUrl) throw new UsageError(`say where: --instance (${Object.keys(INSTANCES).join(', ')}) or --base-url`);
  return options as Options;
}

/** A row as read from the file, with where it came from. */
interface SourceRow {
  line: number;
  row: TrackRow;
}

function toRow(value: unknown): TrackRow {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('a row is a JSON object');
  const v = value as Record<string, unknown>;
  const isRow = ['attributes', 'events', 'purchases'].some((k) => k in v) && !('external_id' in v) && !('user_alias' in v) && !('braze_id' in v);
  return isRow ? (v as TrackRow) : { attributes: v };
}

async function* readRows(options: Options, columns: { value?: Column[] }, bad: (line: number, message: string) => void): AsyncGenerator<SourceRow> {
  const stream = createReadStream(options.file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  let index = 0;
  if (options.format === 'ndjson') {
    let line = 0;
    for await (const text of readLines(stream)) {
      line++;
      if (text.trim() === '') continue;
      if (index++ < options.skip) continue;
      let row: TrackRow;
      try {
        row = toRow(JSON.parse(text));
      } catch (error) {
        bad(line, (error as Error).message);
        continue;
      }
      yield { line, row };
    }
    return;
  }
  for await (const record of readCsv(stream)) {
    if (!columns.value) {
      columns.value = parseHeader(record.fields);
      continue;
    }
    if (index++ < options.skip) continue;
    const attributes: Record<string, unknown> = {};
    try {
      if (record.fields.length !== columns.value.length) throw new Error(`${record.fields.length} fields where the header has ${columns.value.length}`);
      columns.value.forEach((column, i) => {
        if (record.fields[i] !== '') attributes[column.name] = readCell(column, record.fields[i]);
      });
    } catch (error) {
      bad(record.line, (error as Error).message);
      continue;
    }
    yield { line: record.line, row: { attributes } };
  }
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

/** Counts lines quickly, for the progress bar's total. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

function bar(p: BulkProgress, rows: number, totalRows: number | undefined): string {
  const width = 24;
  const ratio = totalRows ? Math.min(1, rows / totalRows) : 0;
  const filled = Math.round(ratio * width);
  const eta = totalRows && p.rate > 0 ? Math.max(0, ((totalRows - rows) / Math.max(1, rows)) * (p.elapsedMs / 1000)) : undefined;
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${totalRows ? `${(ratio * 100).toFixed(0).padStart(3)}% ` : ''}` +
    `${rows.toLocaleString('en')}${totalRows ? `/${totalRows.toLocaleString('en')}` : ''} rows  ${Math.round(p.rate).toLocaleString('en')} objects/s` +
    `${eta === undefined ? '' : `  ETA ${Math.ceil(eta)}s`}  retries ${p.retries}  failed ${p.failed}`
  );
}

async function dryRun(options: Options): Promise<number> {
  const validation = await loadValidation();
  const columns: { value?: Column[] } = {};
  let rows = 0;
  let badRows = 0;
  const report = (line: number, message: string) => {
    badRows++;
    process.stdout.write(`line ${line}: ${message}\n`);
  };
  const unreadable = (line: number, message: string) => {
    rows++;
    report(line, message);
  };
  for await (const { line, row } of readRows(options, columns, unreadable)) {
    rows++;
    const body = { attributes: row.attributes === undefined ? undefined : Array.isArray(row.attributes) ? row.attributes : [row.attributes], events: row.events, purchases: row.purchases };
    for (const key of Object.keys(body) as (keyof typeof body)[]) if (body[key] === undefined) delete body[key];
    try {
      throwIfInvalid(validation, 'users.track', body);
      for (const kind of ['attributes', 'events', 'purchases'] as const) {
        if ((body[kind]?.length ?? 0) > 75) throw new BrazeValidationError(`${kind} has ${body[kind]!.length} objects; at most 75`, { field: kind, limit: 75 });
      }
    } catch (error) {
      if (!(error instanceof BrazeValidationError)) throw error;
      // Name the field as it is in the row: `attributes[0].visits.inc` -> `visits.inc`.
      const field = error.field.replace(/^body\./, '').replace(/^attributes\[0\]\.?/, Array.isArray(row.attributes) ? 'attributes[0].' : '');
      report(line, `${field || 'row'}: ${error.message.replace(/^users\.track: \S+ /, '')}`);
    }
  }
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`dry run: ${rows} rows read, ${badRows} bad, nothing sent (peak memory ${rss} MB)\n`);
  return badRows === 0 ? 0 : 1;
}

async function send(options: Options, apiKey: string): Promise<number> {
  const braze = createBrazeClient({
    apiKey,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : { instance: options.instance as Instance }),
    ...(options.rate ? { rateLimit: { overrides: { 'users-track': options.rate } } } : {}),
  });
  const columns: { value?: Column[] } = {};
  const failedPath = options.failed ?? `${options.file.replace(/\.(ndjson|jsonl|json|csv)$/i, '')}.failed.${options.format}`;
  let failedOut: WriteStream | undefined;
  const writeFailed = (text: string) => {
    if (!failedOut) {
      failedOut = createWriteStream(failedPath);
      if (options.format === 'csv') failedOut.write(columns.value!.map((c) => writeCell({ ...c, type: 'string' }, c.header)).join(',') + '\n');
    }
    failedOut.write(text + '\n');
  };
  const unreadable: { line: number; message: string }[] = [];
  const totalLines = options.quiet ? undefined : await countLines(options.file);
  const totalRows = totalLines === undefined ? undefined : Math.max(0, totalLines - (options.format === 'csv' ? 1 : 0) - options.skip);

  const controller = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nstopping: waiting for the requests in flight (Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);

  let rowsPulled = 0;
  const lines: number[] = [];
  async function* rows(): AsyncGenerator<TrackRow> {
    for await (const { line, row } of readRows(options, columns, (l, m) => unreadable.push({ line: l, message: m }))) {
      rowsPulled++;
      lines.push(line);
      yield row;
    }
  }
  let lastDraw = 0;
  const started = Date.now();
  const result = await braze.bulk.track(rows(), {
    concurrency: options.concurrency,
    signal: controller.signal,
    onProgress: (p) => {
      if (options.quiet || Date.now() - lastDraw < 200) return;
      lastDraw = Date.now();
      process.stderr.write(`\r${bar(p, rowsPulled, totalRows)}`);
    },
  });
  process.off('SIGINT', onSigint);

  for (const failure of result.failed) {
    if (options.format === 'csv') {
      const attributes = (Array.isArray(failure.item.attributes) ? failure.item.attributes[0] : failure.item.attributes) ?? {};
      writeFailed(columns.value!.map((c) => writeCell(c, attributes[c.name])).join(','));
    } else {
      // A row that only set one user's attributes is written back as that attributes object.
      const { attributes, events, purchases } = failure.item;
      const plain = attributes && !Array.isArray(attributes) && !events && !purchases;
      writeFailed(JSON.stringify(plain ? attributes : failure.item));
    }
  }
  await new Promise<void>((resolve) => (failedOut ? failedOut.end(resolve) : resolve()));

  const seconds = (Date.now() - started) / 1000;
  if (!options.quiet) process.stderr.write('\n');
  const out = process.stdout;
  out.write(`rows read: ${rowsPulled + unreadable.length}${options.skip ? ` (after skipping ${options.skip})` : ''}\n`);
  out.write(`objects sent: ${result.sent}, accepted: ${result.accepted}, requests: ${result.requests}, retries: ${result.retries}\n`);
  out.write(`time: ${seconds.toFixed(1)} s, ${Math.round(result.sent / Math.max(seconds, 0.001)).toLocaleString('en')} objects/s\n`);
  for (const { line, message } of unreadable) out.write(`line ${line}: unreadable, not sent: ${message}\n`);
  if (result.failed.length) {
    out.write(`failed rows: ${result.failed.length}, written to ${failedPath}\n`);
    for (const f of result.failed.slice(0, 10)) out.write(`  line ${lines[f.index]}: ${f.error.message}${f.maybeProcessed ? ' (may have been processed)' : ''}\n`);
    out.write(`re-run just those: braze-openapi import ${failedPath} ${options.instance ? `--instance ${options.instance}` : `--base-url ${options.baseUrl}`}\n`);
  }
  if (result.stopped) {
    const resumeAt = options.skip + result.itemsSent;
    out.write(`stopped after ${result.itemsSent} rows; resume with: braze-openapi import ${options.file} ${options.instance ? `--instance ${options.instance}` : `--base-url ${options.baseUrl}`} --skip ${resumeAt}\n`);
    return 130;
  }
  return result.failed.length || unreadable.length ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'emulate') return (await import('./emulator/cli.js')).runEmulateCommand(argv.slice(1));
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`braze-openapi: ${error.message}\n\n${HELP}`);
      return 2;
    }
    throw error;
  }
  try {
    if (options.dryRun) return await dryRun(options);
    const apiKey = process.env.BRAZE_API_KEY;
    if (!apiKey) {
      process.stderr.write('braze-openapi: set BRAZE_API_KEY to the REST API key (it is never taken from the command line)\n');
      return 2;
    }
    return await send(options, apiKey);
  } catch (error) {
    process.stderr.write(`braze-openapi: ${error instanceof BrazeError || error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
