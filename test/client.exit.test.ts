// No timer or socket of the client keeps a process alive: a child process (the built package, ESM
// and CommonJS) makes calls that succeed over keep-alive sockets, waits for a rate-limit reset,
// has queued calls aborted and timed out, and meets a far reset; once its last call settled it
// must exit by itself, well before any of the client's waits (60 s windows) would end.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { useServer } from './helpers/loopback.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'braze-exit-'));
let trackCalls = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/users/track' && ++trackCalls % 2 === 1) return answer(429, { message: 'wait' }, { 'retry-after': '1' });
    if (req.url === '/users/export/ids') return answer(429, { message: 'wait' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 600) });
    if (req.url?.startsWith('/campaigns/list')) return answer(200, { message: 'success', campaigns: [{ id: 'c1' }] });
    answer(201, { message: 'success' });
  });
});
const served = useServer(server);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SCRIPT = `
const braze = createBrazeClient({
  apiKey: 'exit-key', baseUrl: process.argv[2],
  rateLimit: { overrides: { 'users-identity': { requests: 1, windowSeconds: 60 } } },
});
const outcome = (p) => p.then(() => 'ok', (e) => e.name + (e.sent ? ':sent' : ':unsent'));
const results = [];
results.push(await outcome(braze.users.delete({ external_ids: ['a'] })));          // keep-alive socket
const controller = new AbortController();
setTimeout(() => controller.abort(), 30);
results.push(await outcome(braze.users.delete({ external_ids: ['b'] }, { signal: controller.signal }))); // queued, aborted
results.push(await outcome(braze.users.delete({ external_ids: ['c'] }, { timeoutMs: 60 })));             // queued, timed out
results.push(await outcome(braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] })));              // 429, waits 1 s, ok
results.push(await outcome(braze.users.exportIds({ external_ids: ['a'] })));                               // 429, reset in 10 min
results.push(await outcome(braze.users.exportIds({ external_ids: ['a'] })));                               // fails fast
results.push(await outcome(braze.collect('campaigns.list', {})));
results.push(await outcome(braze.bulk.track([{ attributes: { external_id: 'z', y: 2 } }])));
console.log(JSON.stringify(results));
console.log('done ' + Date.now());
`;

function runChild(file: string): Promise<{ out: string; err: string; code: number | null; lingerMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, served.url], { cwd: work });
    let out = '';
    let err = '';
    let doneAt = 0;
    child.stdout.on('data', (d) => {
      out += d;
      if (!doneAt && out.includes('done ')) doneAt = Date.now();
    });
    child.stderr.on('data', (d) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ out, err, code, lingerMs: doneAt ? Date.now() - doneAt : Infinity });
    });
  });
}

describe('the process exits by itself once the last call settled', () => {
  it.each([
    ['ESM', 'exit.mjs', `import { createBrazeClient } from ${JSON.stringify(join(root, 'dist/esm/index.js'))};\n${SCRIPT}`],
    ['CommonJS', 'exit.cjs', `const { createBrazeClient } = require(${JSON.stringify(join(root, 'dist/cjs/index.cjs'))});\n(async () => {${SCRIPT}})();`],
  ])('%s', async (_name, file, source) => {
    writeFileSync(join(work, file), source);
    const { out, err, code, lingerMs } = await runChild(join(work, file));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out.split('\n')[0])).toEqual([
      'ok',
      'BrazeAbortError:unsent',
      'BrazeTimeoutError:unsent',
      'ok',
      'BrazeRateLimitError:unsent',
      'BrazeRateLimitError:unsent',
      'ok',
      'ok',
    ]);
    // What would hold the process is a 60 s window, a 600 s reset or a 4 s keep-alive socket: 3 s
    // rules all of them out and leaves a loaded machine room to tear down.
    expect(lingerMs).toBeLessThan(3_000);
  }, 30_000);
});
