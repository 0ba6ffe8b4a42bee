// Bulk /users/track at the rate limit: 150,000 attribute updates through braze.bulk.track against
// the project's load server (scripts/load-server.mjs) set to 300 requests per 3 s, a tenth of
// Braze's 3,000 so that this machine is not the limit. Ceiling: 75 objects x 100 requests/s =
// 7,500 objects/s. Then the same with 5% injected 503s and 1% dropped connections. Last, the peak
// memory of a 1,000,000-row dry run of the import command, for NDJSON, a JSON array and gzip. `npm run bench:bulk`.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createBrazeClient } from '../dist/esm/index.js';
import { startLoadServer } from '../scripts/load-server.mjs';

const ROWS = Number(process.env.ROWS ?? 150_000);
const DRY_RUN_ROWS = Number(process.env.DRY_RUN_ROWS ?? 1_000_000);
const RATE = { requests: 300, windowSeconds: 3 };
const CEILING = 75 * (RATE.requests / RATE.windowSeconds);

function* rows(n) {
  for (let i = 0; i < n; i++) yield { attributes: { external_id: `user-${i}`, first_name: `First ${i}`, loyalty_points: i % 1000, vip: i % 7 === 0 } };
}

async function run(label, faults) {
  const server = await startLoadServer({ rateLimit: RATE, faults, seed: 42 });
  const braze = createBrazeClient({
    apiKey: 'bench-key',
    baseUrl: server.url,
    // The contract of this "workspace" is the server's: tell the limiter, as a customer would.
    rateLimit: { overrides: { 'users-track': RATE } },
    retry: { retries: 6, baseDelayMs: 100, maxDelayMs: 2_000 },
  });
  const result = await braze.bulk.track(rows(ROWS), { concurrency: 8 });
  const stats = server.stats();
  await server.close();
  const seconds = result.durationMs / 1000;
  const rate = result.accepted / seconds;
  const lost = ROWS - stats.distinct;
  console.log(`\n${label}`);
  console.log(`  objects: ${ROWS.toLocaleString('en')} sent in ${result.requests} requests, ${seconds.toFixed(1)} s`);
  console.log(`  rate: ${Math.round(rate).toLocaleString('en')} objects/s, ceiling ${CEILING.toLocaleString('en')}/s, ratio ${(rate / CEILING).toFixed(3)}`);
  console.log(`  429s from the server: ${stats.rejected429}; retries: ${result.retries}; injected 503s: ${stats.injected503}; dropped connections: ${stats.dropped}`);
  console.log(`  lost: ${lost}; reported failed: ${result.failed.length}; duplicates received: ${stats.duplicates}`);
  return { rate, lost, stats, result };
}

console.log(`bulk-track: Node ${process.version}; load server at ${RATE.requests} requests / ${RATE.windowSeconds} s`);
const clean = await run('no faults', {});
const faulty = await run('5% 503s and 1% dropped connections (injected after the objects were counted)', { status503: 0.05, drop: 0.01 });
console.log(
  `  why duplicates: attribute-only /users/track requests are idempotent (setting a value twice leaves it set), so the\n` +
    `  client retries a 503 or a dropped connection; when the server had already counted the batch (as injected here)\n` +
    `  its ${75} objects arrive twice. Rows with events, purchases or {inc}/{add} are never retried after a possible\n` +
    `  landing: they are reported as uncertain instead, so nothing is recorded twice.`,
);

// Peak memory of a 1,000,000-row dry run (a child process, so that its RSS is its own), for each
// input format: NDJSON, a JSON array, gzip-compressed NDJSON.
const dir = mkdtempSync(join(tmpdir(), 'bulk-bench-'));
const row = (i) => `{"external_id":"user-${i}","first_name":"First ${i}","loyalty_points":${i % 1000},"vip":${i % 7 === 0}}`;
async function writeRows(file, open, separator, close) {
  await new Promise((resolve) => {
    const out = createWriteStream(file);
    out.write(open);
    let i = 0;
    const write = () => {
      let ok = true;
      while (i < DRY_RUN_ROWS && ok) {
        ok = out.write(`${i > 0 ? separator : ''}${row(i)}`);
        i++;
      }
      if (i < DRY_RUN_ROWS) out.once('drain', write);
      else out.end(close, resolve);
    };
    write();
  });
}
const ndjson = join(dir, 'users.ndjson');
await writeRows(ndjson, '', '\n', '\n');
const json = join(dir, 'users.json');
await writeRows(json, '[\n', ',\n', '\n]\n');
const gz = join(dir, 'users.ndjson.gz');
writeFileSync(gz, gzipSync(readFileSync(ndjson)));
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let peak = 0;
for (const file of [ndjson, json, gz]) {
  const started = Date.now();
  const dry = spawnSync(process.execPath, [cli, 'import', file, '--dry-run'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const summary = dry.stdout.trim().split('\n').at(-1);
  peak = Math.max(peak, Number(summary.match(/peak memory (\d+) MB/)?.[1] ?? Infinity));
  console.log(`\ndry run of ${DRY_RUN_ROWS.toLocaleString('en')} rows, ${file.slice(dir.length + 1)}: ${summary} in ${((Date.now() - started) / 1000).toFixed(1)} s (target: under 150 MB)`);
}
rmSync(dir, { recursive: true, force: true });

const ok = clean.rate / CEILING >= 0.95 && clean.lost === 0 && clean.stats.duplicates === 0 && faulty.lost === 0 && peak < 150;
console.log(`\ntarget (>= 0.95 of the ceiling, zero lost, zero duplicated without faults, zero lost with faults, dry runs under 150 MB): ${ok ? 'met' : 'NOT met'}`);
