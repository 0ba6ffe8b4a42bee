// Client overhead per call: 32 concurrent tiny /users/track calls against one loopback server
// (bench/tiny-server.mjs, another process), 20,000 calls per contender, same run, same server:
//   raw node:http (keep-alive)      a floor: no client at all
//   undici request (keep-alive Pool) the other floor: undici's own API, no client at all
//   global fetch                     what a fetch-based client starts from
//   braze-api (node-fetch)           the client users pick today
//   braze-openapi                    ours, from dist/, with its rate limiter ON under a budget that
//                                    never binds (1,000,000 per second, announced by the server's
//                                    headers too), so that pacing and header reading count
//   braze-openapi, limiter off       the same without the limiter: what the limiter costs
//   braze-openapi + middleware       the same with one no-op openapi-fetch middleware on `raw`
//   braze-openapi over node:http     the comparison that chose the transport (issue 15): the same
//                                    client from dist/ with its undici transport swapped for the
//                                    previous node:http one (bench/node-http-transport.mjs)
// Prints calls per second and ratios; the targets (issue 15): >= 1.5 x braze-api and >= 0.80 x
// the best raw transport. `npm run bench` builds dist/ first.
import { spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { createRequire } from 'node:module';
import { Pool } from 'undici';
import { createBrazeClient } from '../dist/esm/index.js';
import { nodeHttpClientModule } from './node-http-transport.mjs';

const require = createRequire(import.meta.url);
const { Braze } = require('braze-api');

const CALLS = Number(process.env.CALLS ?? 20_000);
const CONCURRENCY = 32;
const WARMUP = 2_000;
const LIMIT = 1_000_000; // per second: far above what one process reaches here
const payload = { attributes: [{ external_id: 'user-1', first_name: 'Ada' }] };
const json = JSON.stringify(payload);

const server = spawn(process.execPath, [new URL('./tiny-server.mjs', import.meta.url).pathname, '--limit', String(LIMIT), '--window', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const base = `http://127.0.0.1:${port}`;
const headers = { 'content-type': 'application/json', authorization: 'Bearer k' };

const agent = new http.Agent({ keepAlive: true });
const raw = () =>
  new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/users/track', method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(json) } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      },
    );
    req.on('error', reject);
    req.end(json);
  });
const pool = new Pool(base); // keep-alive by default
const undiciCall = async () => {
  const { body } = await pool.request({ path: '/users/track', method: 'POST', headers, body: json });
  return body.json();
};
const fetchCall = async () => {
  const res = await fetch(`${base}/users/track`, { method: 'POST', headers, body: json });
  return res.json();
};
const brazeApi = new Braze(base, 'k');
const budget = { overrides: { 'users-track': { requests: LIMIT, windowSeconds: 1 } } };
const ours = createBrazeClient({ apiKey: 'k', baseUrl: base, rateLimit: budget });
const oursNoLimiter = createBrazeClient({ apiKey: 'k', baseUrl: base, rateLimit: false });
// With one openapi-fetch middleware (that does nothing): calls let openapi-fetch build the request.
const oursMiddleware = createBrazeClient({ apiKey: 'k', baseUrl: base, rateLimit: budget });
oursMiddleware.raw.use({ onRequest: () => undefined });
const { createBrazeClient: createOverNodeHttp } = await nodeHttpClientModule();
const oursNodeHttp = createOverNodeHttp({ apiKey: 'k', baseUrl: base, rateLimit: budget });

const OURS = 'braze-openapi';
const OURS_NODE_HTTP = 'braze-openapi over node:http';
const contenders = [
  ['raw node:http', raw],
  ['undici request (Pool)', undiciCall],
  ['global fetch', fetchCall],
  ['braze-api (node-fetch)', () => brazeApi.users.track(payload)],
  [OURS, () => ours.users.track(payload)],
  ['braze-openapi, limiter off', () => oursNoLimiter.users.track(payload)],
  ['braze-openapi + middleware', () => oursMiddleware.users.track(payload)],
  [OURS_NODE_HTTP, () => oursNodeHttp.users.track(payload)],
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
// The limiter really was on and never held a call back.
const state = ours.rateLimit('users.track');
if (!state || state.limit !== LIMIT) throw new Error(`the limiter is not on as intended: ${JSON.stringify(state)}`);
server.kill();
await pool.close();

const rawName = results['undici request (Pool)'] > results['raw node:http'] ? 'undici request (Pool)' : 'raw node:http';
const bestRaw = results[rawName];
const peer = results['braze-api (node-fetch)'];
const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`client-overhead: ${CALLS} calls each x ${ROUNDS} rounds (median), ${CONCURRENCY} concurrent, Node ${process.version}, ${os.cpus().length} x ${os.cpus()[0].model.split(' ').slice(0, 2).join(' ')}, load average after the run ${load}`);
console.log(`contender                     calls/s   x best raw   x braze-api`);
for (const [name, rate] of Object.entries(results)) {
  console.log(`${name.padEnd(28)} ${rate.toFixed(0).padStart(8)}   ${(rate / bestRaw).toFixed(2).padStart(10)}   ${(rate / peer).toFixed(2).padStart(11)}`);
}
console.log(`best raw transport: ${rawName}; undici request / raw node:http = ${(results['undici request (Pool)'] / results['raw node:http']).toFixed(2)}`);
console.log(`transport: braze-openapi over undici (shipped) / over node:http = ${(results[OURS] / results[OURS_NODE_HTTP]).toFixed(2)}`);
const ourRate = results[OURS];
const vsPeer = ourRate / peer;
const vsRaw = ourRate / bestRaw;
const ok = vsPeer >= 1.5 && vsRaw >= 0.8;
console.log(`target (braze-openapi, limiter on: >= 1.50 x braze-api and >= 0.80 x best raw): ${vsPeer.toFixed(2)} x braze-api, ${vsRaw.toFixed(2)} x best raw: target ${ok ? 'met' : 'NOT met'}`);
