// Client overhead per call: 32 concurrent tiny /users/track calls against one loopback server
// (bench/tiny-server.mjs, another process), 20,000 calls per contender, same run, same server:
//   raw node:http (keep-alive)  the floor: no client at all
//   global fetch                 what a fetch-based client starts from
//   braze-api (node-fetch)       the client users pick today
//   braze-openapi                ours, from dist/ (rate limiting off: the point is per-call cost)
// Prints calls per second and ratios. `npm run bench` builds dist/ first.
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { createRequire } from 'node:module';
import { createBrazeClient } from '../dist/esm/index.js';

const require = createRequire(import.meta.url);
const { Braze } = require('braze-api');

const CALLS = Number(process.env.CALLS ?? 20_000);
const CONCURRENCY = 32;
const WARMUP = 2_000;
const payload = { attributes: [{ external_id: 'user-1', first_name: 'Ada' }] };
const json = JSON.stringify(payload);

const server = spawn(process.execPath, [new URL('./tiny-server.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const base = `http://127.0.0.1:${port}`;

const agent = new http.Agent({ keepAlive: true });
const raw = () =>
  new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/users/track', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer k', 'content-length': Buffer.byteLength(json) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      },
    );
    req.on('error', reject);
    req.end(json);
  });
const fetchCall = async () => {
  const res = await fetch(`${base}/users/track`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: json });
  return res.json();
};
const brazeApi = new Braze(base, 'k');
const ours = createBrazeClient({ apiKey: 'k', baseUrl: base, rateLimit: false });

const contenders = [
  ['raw node:http', raw],
  ['global fetch', fetchCall],
  ['braze-api (node-fetch)', () => brazeApi.users.track(payload)],
  ['braze-openapi', () => ours.users.track(payload)],
];

async function run(fn, calls) {
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next++;
      const r = await fn();
      if (!r || r.message !== 'success') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return calls / (Number(process.hrtime.bigint() - started) / 1e9);
}

// Rounds interleave the contenders so that a busy moment of the machine hits all of them; each
// contender's figure is its median round.
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const rounds = Object.fromEntries(contenders.map(([name]) => [name, []]));
for (const [, fn] of contenders) await run(fn, WARMUP);
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of contenders) rounds[name].push(await run(fn, CALLS));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = Object.fromEntries(Object.entries(rounds).map(([name, xs]) => [name, median(xs)]));
server.kill();

const rawRate = results['raw node:http'];
const peer = results['braze-api (node-fetch)'];
console.log(`client-overhead: ${CALLS} calls each x ${ROUNDS} rounds (median), ${CONCURRENCY} concurrent, Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0].model}`);
console.log('contender                  calls/s   x raw   x braze-api');
for (const [name, rate] of Object.entries(results)) {
  console.log(`${name.padEnd(24)} ${rate.toFixed(0).padStart(8)}   ${(rate / rawRate).toFixed(2).padStart(5)}   ${(rate / peer).toFixed(2).padStart(6)}`);
}
const ourRate = results['braze-openapi'];
const ok = ourRate / rawRate >= 0.7 && ourRate / peer >= 1.3;
console.log(`target (>= 0.70 x raw and >= 1.30 x braze-api): ${ok ? 'met' : 'NOT met'}`);
