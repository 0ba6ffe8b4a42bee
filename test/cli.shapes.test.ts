// The import command reads the files data engineers have (issue 19): the three row shapes, with
// ambiguous rows refused by line; NDJSON, JSON arrays and CSV, plain or gzip (by name or by
// content), from a file or standard input; a --report that matches what the load server counted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { useLoadServer, type LoadServer } from './helpers/load-server.js';

const dir = mkdtempSync(join(tmpdir(), 'braze-import-shapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = useLoadServer();
const T = '2026-11-20T08:30:00Z';

/** Rows of every shape, and three that are ambiguous (rows 5, 6 and 7). */
const MIXED = [
  { external_id: 'm1', first_name: 'Ada' },
  { attributes: { external_id: 'm2' }, events: [{ external_id: 'm2', name: 'signup', time: T }] },
  { external_id: 'm3', first_name: 'Bo', events: [{ name: 'signup', time: T }, { name: 'login', time: T }], purchases: [{ product_id: 'p1', currency: 'USD', price: 9.99, time: T }] },
  { user_alias: { alias_name: 'a4', alias_label: 'crm' }, events: [{ name: 'visit', time: T }] },
  { attributes: { external_id: 'm5' }, external_id: 'm5' },
  { external_id: 'm6', events: { name: 'signup', time: T } },
  { first_name: 'No id', events: [{ name: 'x', time: T }] },
  { attributes: { external_id: 'm8' }, events: [{ name: 'carried', time: T }] },
  { email: 'm9@example.com', purchases: [{ product_id: 'p9', currency: 'EUR', price: 1, time: T }] },
];
const EXPECTED = [
  'attributes:m1:',
  'attributes:m2:',
  'attributes:m3:',
  'attributes:m8:',
  'events:crm:a4:visit',
  'events:m2:signup',
  'events:m3:login',
  'events:m3:signup',
  'events:m8:carried',
  'purchases:m3:p1',
  'purchases:m9@example.com:p9',
];

function byKind(s: LoadServer) {
  const counts: Record<string, number> = {};
  for (const [key, n] of s.counts) counts[key.split(':')[0]] = (counts[key.split(':')[0]] ?? 0) + n;
  return counts;
}

describe('import: row shapes', () => {
  it('imports flat, wrapped and flat-with-lists rows, each event and purchase under its user; ambiguous rows are refused by line', async () => {
    const s = await server({});
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, MIXED.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const reportFile = join(dir, 'mixed.report.json');
    const { code, stderr } = await runCli(['import', file, '--base-url', s.url, '--report', reportFile]);
    expect(code).toBe(1);
    expect([...s.counts.keys()].sort()).toEqual(EXPECTED);
    expect(s.stats().duplicates).toBe(0);
    expect(stderr).toMatch(/^line 5: not imported: "external_id" beside "attributes"/m);
    expect(stderr).toMatch(/^line 6: not imported: "events" must be an array of event objects/m);
    expect(stderr).toMatch(/^line 7: not imported: "first_name" beside "events" but no identifier/m);
    // The report matches what the server counted, kind by kind.
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    const counted = byKind(s);
    for (const kind of ['attributes', 'events', 'purchases']) expect(report.objects.byKind[kind].accepted, kind).toBe(counted[kind]);
    expect(report.objects.accepted).toBe(s.stats().objects);
    expect(report).toMatchObject({
      exitCode: 1,
      rows: { read: 9, failed: 3, uncertain: 0, unreadable: 0 },
      files: { failed: join(dir, 'mixed.failed.ndjson'), uncertain: null },
      errors: { 'row shape': { count: 3 } },
      stopped: null,
    });
    expect(report.errors['row shape'].first.map((e: { line: number }) => e.line)).toEqual([5, 6, 7]);
    expect(typeof report.durationMs).toBe('number');
    expect(report.rateLimit).toEqual({ waits: 0, waitedMs: 0 });
    // The failed file holds the three rows as they were.
    const failed = readFileSync(join(dir, 'mixed.failed.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(failed).toEqual([MIXED[4], MIXED[5], MIXED[6]]);
  });

  it('--dry-run reports the same ambiguous rows and sends nothing', async () => {
    const file = join(dir, 'mixed-dry.ndjson');
    writeFileSync(file, MIXED.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { code, stdout } = await runCli(['import', file, '--dry-run']);
    expect(code).toBe(1);
    expect(stdout.match(/^line \d+/gm)).toEqual(['line 5', 'line 6', 'line 7']);
    expect(stdout).toMatch(/dry run: 9 rows read, 3 bad, 0 warnings, nothing sent/);
  });

  it('--dry-run lists warnings (Braze takes the row, the strict contract does not) apart, and they fail no row', async () => {
    const file = join(dir, 'warned-dry.ndjson');
    const rows = [
      { external_id: 'w1', first_name: 'Ada' },
      // `propeties` is a misspelling Braze ignores without a word: a warning, not a bad row.
      { external_id: 'w2', events: [{ name: 'signup', time: T, propeties: { plan: 'pro' } }] },
      { external_id: 'w3', events: { name: 'not a list', time: T } },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const { code, stdout } = await runCli(['import', file, '--dry-run']);
    expect(stdout).toMatch(/^line 2: warning: events\[0\].*propeties/m);
    expect(stdout.match(/^line \d+: (?!warning)/gm)).toEqual(['line 3: ']);
    expect(stdout).toMatch(/dry run: 3 rows read, 1 bad, 1 warning, nothing sent/);
    expect(code).toBe(1); // the bad row, not the warning
  });
});

describe('import: inputs', () => {
  it('reads a JSON array file, streamed, naming the line of a bad element', async () => {
    const s = await server({});
    const file = join(dir, 'mixed.json');
    const text = '[\n' + MIXED.map((r) => JSON.stringify(r, null, 2)).join(',\n') + ',\n{ "external_id": }\n]\n';
    writeFileSync(file, text);
    const { code, stderr } = await runCli(['import', file, '--base-url', s.url]);
    expect(code).toBe(1);
    expect([...s.counts.keys()].sort()).toEqual(EXPECTED);
    const badLine = text.split('\n').findIndex((l) => l.startsWith('{ "external_id": }')) + 1;
    expect(stderr).toMatch(new RegExp(`^line ${badLine}: not imported: not JSON`, 'm'));
    // The failed rows go back as a JSON array.
    expect(JSON.parse(readFileSync(join(dir, 'mixed.failed.json'), 'utf8'))).toHaveLength(3);
  });

  it('reads a large JSON array across read chunks, with brackets, commas and escaped quotes inside strings', async () => {
    const file = join(dir, 'tricky.json');
    const rows = Array.from({ length: 3_000 }, (_, i) => ({ external_id: `t${i}`, note: `a "quoted" ], {comma}, back\\slash ${'x'.repeat(i % 50)}`, tags: [`[${i}]`] }));
    writeFileSync(file, JSON.stringify(rows, null, 1));
    const { code, stdout } = await runCli(['import', file, '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/dry run: 3000 rows read, 0 bad/);
  });

  it('a JSON file that is not an array says so in one line', async () => {
    const file = join(dir, 'object.json');
    writeFileSync(file, '{"external_id": "u1"}\n');
    const { code, stderr } = await runCli(['import', file, '--dry-run']);
    expect(code).toBe(1);
    expect(stderr).toBe('braze-openapi: cannot read the input on: line 1: a JSON array file starts with "[" (one row per line is --format ndjson); the rows before it were processed\n');
  });

  it('reads gzip, by name and by content', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => JSON.stringify({ external_id: `g${i}`, events: [{ name: 'e', time: T }] })).join('\n') + '\n';
    const s = await server({});
    const named = join(dir, 'users.ndjson.gz');
    writeFileSync(named, gzipSync(rows));
    expect((await runCli(['import', named, '--base-url', s.url])).code).toBe(0);
    expect(s.stats()).toMatchObject({ objects: 500, distinct: 500 });
    const s2 = await server({});
    const disguised = join(dir, 'export.ndjson'); // gzip inside, plain name
    writeFileSync(disguised, gzipSync(rows));
    const { code, stdout } = await runCli(['import', disguised, '--base-url', s2.url]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/rows read: 500/);
    expect(s2.stats()).toMatchObject({ objects: 500, distinct: 500 });
  });

  it('reads standard input with --format, CSV with another delimiter included; without --format it asks', async () => {
    const s = await server({});
    const csv = 'external_id;first_name;visits:integer;events:json\nc1;Ada;3;\nc2;"Bo; the second";4;"[{""name"":""signup"",""time"":""2026-11-20T08:30:00Z""}]"\n';
    const { code } = await runCli(['import', '-', '--format', 'csv', '--delimiter', ';', '--base-url', s.url], { stdin: csv });
    expect(code).toBe(0);
    expect([...s.counts.keys()].sort()).toEqual(['attributes:c1:', 'attributes:c2:', 'events:c2:signup']);
    const asks = await runCli(['import', '-', '--base-url', s.url], { stdin: '{}' });
    expect(asks.code).toBe(2);
    expect(asks.stderr).toMatch(/standard input needs --format ndjson, json or csv/);
    const gz = await runCli(['import', '-', '--format', 'ndjson', '--base-url', s.url], { stdin: gzipSync('{"external_id":"stdin-gz"}\n') });
    expect(gz.code).toBe(0);
    expect(s.counts.get('attributes:stdin-gz:')).toBe(1);
  });

  it('CSV quoting is strict: a stray quote makes a bad row, not a guess', async () => {
    const s = await server({});
    const file = join(dir, 'quotes.csv');
    writeFileSync(file, 'external_id,first_name\nq1,"Ada" Lovelace\nq2,Ada "The" Countess\nq3,"Fine, quoted"\n');
    const { code, stderr } = await runCli(['import', file, '--base-url', s.url]);
    expect(code).toBe(1);
    expect([...s.counts.keys()]).toEqual(['attributes:q3:']);
    expect(stderr).toMatch(/line 2: not imported: text after a closing quote/);
    expect(stderr).toMatch(/line 3: not imported: a quote inside unquoted field 2/);
  });
});

describe('import: for pipelines', () => {
  it('--quiet prints nothing but errors', async () => {
    const s = await server({});
    const file = join(dir, 'quiet.ndjson');
    writeFileSync(file, '{"external_id":"q1"}\n{broken\n{"external_id":"q3"}\n');
    const { code, stdout, stderr } = await runCli(['import', file, '--base-url', s.url, '--quiet']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^line 2: not imported: not JSON/);
    expect(stderr).not.toMatch(/objects\/s|rows read/);
  });

  it('the report counts the waits for a rate-limit reset, and the rows still all arrive once', async () => {
    // The server allows 3 requests a second and says nothing of it until a 429; the command is told
    // 30: it meets 429s and waits.
    const s = await server({ rateLimit: { requests: 3, windowSeconds: 1, hideHeaders: true } });
    const file = join(dir, 'paced.ndjson');
    writeFileSync(file, Array.from({ length: 600 }, (_, i) => JSON.stringify({ external_id: `w${i}` })).join('\n') + '\n');
    const reportFile = join(dir, 'paced.report.json');
    const { code } = await runCli(['import', file, '--base-url', s.url, '--rate', '30/1', '--report', reportFile, '--quiet']);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(s.stats().rejected429).toBeGreaterThan(0);
    expect(report.rateLimit.waits).toBe(s.stats().rejected429);
    expect(report.rateLimit.waitedMs).toBeGreaterThan(0);
    expect(report.objects).toMatchObject({ sent: 600, accepted: 600, byKind: { attributes: { sent: 600, accepted: 600, failed: 0, uncertain: 0 } } });
    expect(s.stats()).toMatchObject({ objects: 600, distinct: 600, duplicates: 0 });
  });

  it('exit codes: 0 when every row is accepted, 2 for usage', async () => {
    const s = await server({});
    const file = join(dir, 'fine.ndjson');
    writeFileSync(file, '{"external_id":"f1"}\n');
    expect((await runCli(['import', file, '--base-url', s.url])).code).toBe(0);
    expect((await runCli(['import', file, '--base-url', s.url, '--skip', 'two'])).code).toBe(2);
    expect((await runCli(['import', file, '--format', 'xml', '--base-url', s.url])).code).toBe(2);
  });
});
