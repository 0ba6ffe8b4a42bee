// bench/shared-budget: N processes bulk-track under one Braze budget (300 requests per 3 s against
// the load server), once sharing it through Redis (`braze-openapi/redis`) and once each with its own
// in-process budget, the baseline measured in the same run. Prints, for each: the share of the
// ceiling used over the server's full windows, the 429s, lost and duplicated objects; then the
// store's cost per call against the in-process budget's.
//
//   npm run bench:shared            (4 processes; BENCH_PROCESSES=8 for more)
// Needs redis-server on PATH (scripts/install-test-deps.sh installs it); starts its own on a free port.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { startLoadServer } from '../scripts/load-server.mjs';
import { RateLimiter } from '../src/limiter.ts';

const N = Number(process.env.BENCH_PROCESSES ?? 4);
const REQUESTS_EACH = Number(process.env.BENCH_REQUESTS ?? Math.ceil(1200 / N));
const worker = fileURLToPath(new URL('../test/fixtures/shared-budget-worker.mjs', import.meta.url));

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill() };
}

/** Starts the workers, waits until each has loaded, then lets them all go at once. */
function runWorkers(envs) {
  let ready = 0;
  let go;
  const allReady = new Promise((resolve) => (go = resolve));
  return Promise.all(
    envs.map(
      (env) =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [worker], { env: { PATH: process.env.PATH, WAIT_FOR_GO: '1', ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
          let out = '';
          let counted = false;
          child.stdout.on('data', (d) => {
            out += d;
            if (!counted && out.startsWith('ready\n')) {
              counted = true;
              if (++ready === envs.length) go();
            }
          });
          void allReady.then(() => child.stdin.end('go\n'));
          child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`worker exited ${code}`))));
        }),
    ),
  );
}

async function round(label, redisUrl) {
  const arrivals = [];
  const server = await startLoadServer({ rateLimit: { requests: 300, windowSeconds: 3 }, respond: () => void arrivals.push(Date.now()) });
  const rows = REQUESTS_EACH * 75;
  const prefix = `bench-${Date.now()}`;
  const results = await runWorkers(
    Array.from({ length: N }, (_, i) => ({ ID: String(i), ROWS: String(rows), BASE_URL: server.url, RATE: '300/3', PREFIX: prefix, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) })),
  );
  const stats = server.stats();
  await server.close();
  const perWindow = [];
  for (const t of arrivals) {
    const w = Math.floor((t - arrivals[0]) / 3000);
    perWindow[w] = (perWindow[w] ?? 0) + 1;
  }
  const full = perWindow.slice(0, -1).map((n) => n ?? 0);
  const ratio = full.length ? full.reduce((a, b) => a + b, 0) / (300 * full.length) : NaN;
  if (process.env.BENCH_DEBUG) console.log(label, JSON.stringify(perWindow));
  const expected = N * rows;
  const lost = expected - stats.distinct;
  const failed = results.reduce((a, r) => a + r.failed, 0);
  const seconds = arrivals.length ? (arrivals.at(-1) - arrivals[0]) / 1000 : 0;
  console.log(
    `${label.padEnd(26)} ${String(stats.requests - stats.rejected429).padStart(6)} ok  ${String(stats.rejected429).padStart(6)} x 429  ` +
      `ratio ${ratio.toFixed(3)} of the ceiling over ${full.length} full windows  ${seconds.toFixed(1)} s  lost ${lost}  failed ${failed}  duplicated ${stats.duplicates}`,
  );
  return { ratio, rejected: stats.rejected429, lost, duplicated: stats.duplicates };
}

async function storeCost(redisUrl) {
  const { redisStore } = await import('../src/redis-store.ts');
  const calls = 5_000;
  const store = redisStore({ url: redisUrl, prefix: `cost-${Date.now()}`, workspace: 'bench' });
  await store.take('warm', 1e9, 60_000);
  let t = performance.now();
  for (let i = 0; i < calls; i++) await store.take('g', 1e9, 60_000);
  const redisMs = (performance.now() - t) / calls;
  await store.close();
  const limiter = new RateLimiter();
  const limit = { requests: 1e9, windowSeconds: 60, group: 'g' };
  t = performance.now();
  for (let i = 0; i < calls; i++) await limiter.acquire(limit, 'op');
  const localMs = (performance.now() - t) / calls;
  console.log(`store cost per call: redis ${(redisMs * 1000).toFixed(0)} µs, in-process ${(localMs * 1000).toFixed(1)} µs (x ${(redisMs / localMs).toFixed(0)}), one round trip to a local redis-server`);
}

const redis = await startRedis();
try {
  console.log(`shared-budget: ${N} processes x ${REQUESTS_EACH} requests of 75 objects, load server at 300 requests / 3 s, Node ${process.version}`);
  const shared = await round(`shared (redis)`, redis.url);
  const alone = await round(`each its own budget`, undefined);
  await storeCost(redis.url);
  const met = shared.rejected === 0 && shared.lost === 0 && shared.duplicated === 0 && shared.ratio >= 0.9;
  console.log(`target (shared: 0 429s, 0 lost, 0 duplicated, >= 0.9 of the ceiling): ${met ? 'met' : 'NOT met'}; without the store: ${alone.rejected} 429s`);
} finally {
  redis.stop();
}
