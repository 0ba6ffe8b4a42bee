// Several `braze-openapi import` processes (dist/cli.js) under one budget in a real redis-server
// (issue 18): disjoint files, or one file split with --shard, against the load server at 300
// requests per 3 s. No 429, every row once, the server's windows filled; then Redis stopped
// halfway: the imports fall back to their own budgets and still lose nothing and repeat nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useLoadServer } from '../helpers/load-server.js';
import { startRedis, type RedisServer } from '../helpers/redis.js';

let redis: RedisServer;
const dir = mkdtempSync(join(tmpdir(), 'braze-redis-import-'));
beforeAll(async () => {
  redis = await startRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});
const startLoadServer = useLoadServer();

function file(name: string, rows: number, prefix: string): string {
  const path = join(dir, name);
  const lines: string[] = [];
  for (let n = 0; n < rows; n++) lines.push(JSON.stringify({ external_id: `${prefix}-${n}`, visits: n }));
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Share of the ceiling over the server's full windows (all but the last). */
function ratio(arrivals: number[], perWindow: number, windowMs: number): number {
  const counts: number[] = [];
  for (const t of arrivals) {
    const w = Math.floor((t - arrivals[0]) / windowMs);
    counts[w] = (counts[w] ?? 0) + 1;
  }
  const full = counts.slice(0, -1).map((n) => n ?? 0);
  return full.reduce((a, b) => a + b, 0) / (perWindow * full.length);
}

describe('import --redis: four processes, one budget', () => {
  it('disjoint files: no 429, every row once, >= 0.9 of the ceiling', async () => {
    const arrivals: number[] = [];
    const server = await startLoadServer({ rateLimit: { requests: 300, windowSeconds: 3 }, respond: () => void arrivals.push(Date.now()) });
    const rows = 75 * 225; // 900 requests in all
    const files = [1, 2, 3, 4].map((i) => file(`part-${i}.ndjson`, rows, `f${i}`));
    const runs = await Promise.all(
      files.map((f) => runCli(['import', f, '--base-url', server.url, '--rate', '300/3', '--redis', redis.url, '--workspace', 'disjoint', '--quiet'])),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const stats = server.stats();
    expect(stats.rejected429).toBe(0);
    expect(stats.duplicates).toBe(0);
    expect(stats.distinct).toBe(4 * rows);
    expect(ratio(arrivals, 300, 3000)).toBeGreaterThanOrEqual(0.9);
  });

  it('one file split with --shard 1/4 .. 4/4: every row once, no 429', async () => {
    const server = await startLoadServer({ rateLimit: { requests: 300, windowSeconds: 3 } });
    const rows = 75 * 200;
    const f = file('whole.ndjson', rows, 'sh');
    const runs = await Promise.all(
      [1, 2, 3, 4].map((i) => runCli(['import', f, '--base-url', server.url, '--rate', '300/3', '--redis', redis.url, '--workspace', 'sharded', '--shard', `${i}/4`, '--quiet'])),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const stats = server.stats();
    expect(stats.rejected429).toBe(0);
    expect(stats.duplicates).toBe(0);
    expect(stats.distinct).toBe(rows);
  });

  it('Redis stopped halfway: each import falls back to its own budget, with a warning; nothing lost, nothing twice', async () => {
    let seen = 0;
    const server = await startLoadServer({
      rateLimit: { requests: 300, windowSeconds: 3 },
      respond: () => {
        if (++seen === 300) void redis.stop();
        return undefined;
      },
    });
    const rows = 75 * 150;
    const files = [1, 2, 3, 4].map((i) => file(`half-${i}.ndjson`, rows, `h${i}`));
    const runs = await Promise.all(files.map((f) => runCli(['import', f, '--base-url', server.url, '--rate', '300/3', '--redis', redis.url, '--workspace', 'halfway'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const stats = server.stats();
    expect(stats.duplicates).toBe(0);
    expect(stats.distinct).toBe(4 * rows);
    expect(runs.some((r) => /rate-limit store failed/.test(r.stderr))).toBe(true);
    await redis.restart();
  });
});
