// Several real processes (dist/) share one Braze budget through a real redis-server, against the
// load server at 300 requests per 3 s: no 429, nothing lost, nothing twice, the server's windows
// filled; and one process that loses Redis halfway. These measure throughput, so they run on their
// own after the main suite (vitest.alone.config.ts), not beside other test files.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useLoadServer } from '../helpers/load-server.js';
import { proxy, useRedis } from '../helpers/redis.js';

const { redis, prefix } = useRedis();
const startLoadServer = useLoadServer();

const worker = fileURLToPath(new URL('../fixtures/shared-budget-worker.mjs', import.meta.url));

/** Starts the workers, waits until each has loaded, then lets them all go at once. */
async function runWorkers(envs: Record<string, string>[]): Promise<any[]> {
  let ready = 0;
  let go: () => void;
  const allReady = new Promise<void>((resolve) => (go = resolve));
  const children = envs.map(
    (env) =>
      new Promise<any>((resolve, reject) => {
        const child = spawn(process.execPath, [worker], { env: { PATH: process.env.PATH!, WAIT_FOR_GO: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.startsWith('ready\n') && !(child as any).counted) {
            (child as any).counted = true;
            if (++ready === envs.length) go();
          }
        });
        child.stderr.on('data', (d) => (err += d));
        void allReady.then(() => child.stdin.end('go\n'));
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`worker exited ${code}: ${err}`))));
      }),
  );
  return Promise.all(children);
}

describe('several processes, one budget (dist/, real processes)', () => {
  it('four processes share 300 requests per 3 s: no 429, nothing lost or twice, full windows used', async () => {
    const arrivals: number[] = [];
    const server = await startLoadServer({ rateLimit: { requests: 300, windowSeconds: 3 }, respond: () => void arrivals.push(Date.now()) });
    const rowsEach = 75 * 225; // 900 requests in all: three windows' worth
    const p = prefix();
    const results = await runWorkers([1, 2, 3, 4].map((id) => ({ ID: String(id), ROWS: String(rowsEach), BASE_URL: server.url, RATE: '300/3', REDIS_URL: redis().url, PREFIX: p })));
    const stats = server.stats();
    expect(stats.rejected429).toBe(0);
    expect(stats.duplicates).toBe(0);
    expect(stats.distinct).toBe(4 * rowsEach);
    for (const r of results) expect(r).toMatchObject({ failed: 0, accepted: rowsEach, warnings: [] });
    // The server's windows run back to back from its first request. Every window but the last
    // should have been filled: the ratio to the ceiling over those windows.
    const perWindow: number[] = [];
    for (const t of arrivals) perWindow[Math.floor((t - arrivals[0]) / 3000)] = (perWindow[Math.floor((t - arrivals[0]) / 3000)] ?? 0) + 1;
    const full = perWindow.slice(0, -1).map((n) => n ?? 0);
    const ratio = full.reduce((a, b) => a + b, 0) / (300 * full.length);
    expect(ratio).toBeGreaterThanOrEqual(0.9);
  }, 90_000);

  it('one process loses Redis halfway: it falls back, and nothing is lost or sent twice', async () => {
    const relay = await proxy(redis().port);
    let seen = 0;
    // Halfway: once the server has had 200 of the 400 requests, process 1's Redis connection dies.
    const server = await startLoadServer({ rateLimit: { requests: 300, windowSeconds: 3 }, respond: () => void (++seen === 200 && relay.cut()) });
    const rowsEach = 75 * 100;
    const p = prefix();
    const results = await runWorkers(
      [1, 2, 3, 4].map((id) => ({ ID: String(id), ROWS: String(rowsEach), BASE_URL: server.url, RATE: '300/3', REDIS_URL: id === 1 ? relay.url : redis().url, PREFIX: p, LOCAL_SHARE: '0.25' })),
    );
    const stats = server.stats();
    expect(stats.duplicates).toBe(0);
    expect(stats.distinct).toBe(4 * rowsEach);
    for (const r of results) expect(r).toMatchObject({ failed: 0, accepted: rowsEach });
    expect(results[0].warnings.some((w: string) => /store failed/.test(w))).toBe(true);
  }, 60_000);
});
