// `braze-openapi emulate` (dist/cli.js as a child process), driven the way an outside script would:
// track users with inc, add, nested and null attributes, events and purchases, export them and
// compare with what Braze's pages say; exceed a scaled-down rate limit; stop with Ctrl-C. Then the
// import command end to end against the emulator: import a file, export the users, compare them
// field by field.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/emulator/index.js';
import { call } from './helpers/emulator.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'braze-emulate-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function emulate(args: string[]): Promise<{ url: string; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [cli, 'emulate', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], child, exited });
    });
    child.on('exit', (code) => reject(new Error(`emulate exited with ${code}: ${out}`)));
  });
}

describe('braze-openapi emulate', () => {
  it('prints its URL, keeps what is tracked, exports it as Braze documents, and stops on Ctrl-C', async () => {
    const { url, child, exited } = await emulate([]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const track = (body: unknown) => call(url, 'POST', '/users/track', body, 'any-key');
    expect((await track({ attributes: [{ external_id: 'x1', first_name: 'Ann', last_name: 'Lee', visits: 1, tags: ['a'], profile: { city: 'Oslo', pets: 1 } }] })).status).toBe(201);
    const res = await track({
      attributes: [{ external_id: 'x1', visits: { inc: 4 }, tags: { add: ['b'] }, last_name: null, _merge_objects: true, profile: { pets: 2 } }],
      events: [{ external_id: 'x1', name: 'login', time: '2024-01-01T10:00:00Z' }, { external_id: 'x1', name: 'login', time: '2024-01-03T10:00:00Z' }],
      purchases: [{ external_id: 'x1', product_id: 'book', currency: 'EUR', price: 12, quantity: 2, time: '2024-01-02T00:00:00Z' }],
    });
    expect(res.body).toEqual({ message: 'success', attributes_processed: 1, events_processed: 2, purchases_processed: 1 });
    const user = (await call(url, 'POST', '/users/export/ids', { external_ids: ['x1'] }, 'any-key')).body.users[0];
    expect(user.first_name).toBe('Ann');
    expect(user.last_name).toBeUndefined();
    expect(user.custom_attributes).toEqual({ visits: 5, tags: ['a', 'b'], profile: { city: 'Oslo', pets: 2 } });
    expect(user.custom_events).toEqual([{ name: 'login', first: '2024-01-01T10:00:00.000Z', last: '2024-01-03T10:00:00.000Z', count: 2 }]);
    expect(user.purchases).toEqual([{ name: 'book', first: '2024-01-02T00:00:00.000Z', last: '2024-01-02T00:00:00.000Z', count: 2 }]);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('--rate-scale brings the documented limits down so that a script can reach a 429', async () => {
    const { url, child, exited } = await emulate(['--rate-scale', '0.001']);
    // Start at the beginning of a 3-second window (users.track: 3,000 per 3 s, scaled to 3).
    await new Promise((r) => setTimeout(r, 3000 - (Date.now() % 3000) + 20));
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await call(url, 'POST', '/users/track', { attributes: [{ external_id: `r${i}` }] }, 'k');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(last!.headers.get('x-ratelimit-limit')).toBe('3');
    expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(last!.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('--key and --client-key keep REST and client-side (Banner) keys apart', async () => {
    const { url, child, exited } = await emulate(['--key', 'rest-key=*', '--client-key', 'app-key=banners.sync,banners.track']);
    const sync = { external_user_id: 'x1', app_id: 'app', app_version: '1.0.0', placements: ['home'] };
    expect((await call(url, 'POST', '/v1/device-messaging/banners/sync', sync, 'app-key')).status).toBe(200);
    expect((await call(url, 'POST', '/v1/device-messaging/banners/sync', sync, 'rest-key')).status).toBe(401);
    expect((await call(url, 'POST', '/users/track', { attributes: [{ external_id: 'x1' }] }, 'rest-key')).status).toBe(201);
    expect((await call(url, 'POST', '/users/track', { attributes: [{ external_id: 'x1' }] }, 'app-key')).status).toBe(401);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('--data-object-types seeds the types a script writes objects to, and refuses a file that is not a list of types', async () => {
    const file = join(dir, 'types.json');
    writeFileSync(file, JSON.stringify([{ type_name: 'account', metadata: {}, schema_def: { type: 'object', properties: { name: { type: 'string' } } } }]));
    const { url, child, exited } = await emulate(['--data-object-types', file]);
    expect((await call(url, 'POST', '/data_objects/objects/account', { external_id: 'a1', attributes: { name: 'Acme' } }, 'k')).status).toBe(201);
    expect((await call(url, 'POST', '/data_objects/objects/account', { external_id: 'a2', attributes: { size: 3 } }, 'k')).status).toBe(400);
    expect((await call(url, 'POST', '/data_objects/objects/contact', { external_id: 'c1', attributes: {} }, 'k')).status).toBe(404);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    writeFileSync(file, '{"type_name": "account"}');
    const bad = spawn(process.execPath, [cli, 'emulate', '--data-object-types', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    bad.stderr.on('data', (d) => (err += d));
    expect(await new Promise((r) => bad.on('exit', r))).toBe(2);
    expect(err).toContain('--data-object-types must hold a JSON array');
  });

  it('--data-object-limits answers a write past a limit with Braze\'s 422, and refuses a malformed limit', async () => {
    const { url, child, exited } = await emulate(['--data-object-limits', 'records=1']);
    expect((await call(url, 'POST', '/data_objects/objects/account', { external_id: 'a1', attributes: {} }, 'k')).status).toBe(201);
    const over = await call(url, 'POST', '/data_objects/objects/account', { external_id: 'a2', attributes: {} }, 'k');
    expect(over).toMatchObject({ status: 422, body: { message: 'data-object-record-limit-exceeded' } });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const bad = spawn(process.execPath, [cli, 'emulate', '--data-object-limits', 'records=many'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    bad.stderr.on('data', (d) => (err += d));
    expect(await new Promise((r) => bad.on('exit', r))).toBe(2);
    expect(err).toContain('--data-object-limits: "records=many"');
  });

  it('says clearly when the port asked for is taken, and exits 1', async () => {
    const holder = await startEmulator();
    try {
      const child = spawn(process.execPath, [cli, 'emulate', '--port', String(holder.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => (err += d));
      const code = await new Promise((r) => child.on('exit', r));
      expect(code).toBe(1);
      expect(err).toContain(`cannot listen on 127.0.0.1:${holder.port} (EADDRINUSE)`);
    } finally {
      await holder.close();
    }
  });

  it('refuses a bad option with its usage and exit code 2', async () => {
    const child = spawn(process.execPath, [cli, 'emulate', '--rate-scale', 'fast'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err).toContain('--rate-scale must be a positive number');
  });
});

describe('braze-openapi import against the emulator', () => {
  it('imports NDJSON and CSV rows, and the exported users match them field by field', async () => {
    const e = await startEmulator({ rateLimit: false });
    try {
      const rows = Array.from({ length: 120 }, (_, i) => ({ external_id: `imp-${i}`, first_name: `First${i}`, email: `imp${i}@example.com`, country: 'FR', tier: i % 2 ? 'gold' : 'silver', score: i, vip: i % 3 === 0, tags: [`t${i % 4}`] }));
      const ndjson = join(dir, 'users.ndjson');
      writeFileSync(ndjson, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const csv = join(dir, 'more.csv');
      writeFileSync(csv, 'external_id,first_name,visits:integer,member:boolean,colours:array\ncsv-1,"Lee, Ann",3,true,red;blue\ncsv-2,Bo,0,false,green\n');
      for (const file of [ndjson, csv]) {
        const code = await new Promise((resolve) => {
          const child = spawn(process.execPath, [cli, 'import', file, '--base-url', e.url, '--quiet'], { env: { PATH: process.env.PATH!, BRAZE_API_KEY: 'import-key' }, stdio: 'ignore' });
          child.on('exit', resolve);
        });
        expect(code).toBe(0);
      }
      for (let start = 0; start < rows.length; start += 50) {
        const batch = rows.slice(start, start + 50);
        const res = await call(e.url, 'POST', '/users/export/ids', { external_ids: batch.map((r) => r.external_id) });
        const byId = new Map(res.body.users.map((u: any) => [u.external_id, u]));
        for (const row of batch) {
          const user: any = byId.get(row.external_id);
          expect(user, row.external_id).toBeDefined();
          expect({ first_name: user.first_name, email: user.email, country: user.country }).toEqual({ first_name: row.first_name, email: row.email, country: row.country });
          expect(user.custom_attributes).toEqual({ tier: row.tier, score: row.score, vip: row.vip, tags: row.tags });
        }
      }
      const csvUsers = (await call(e.url, 'POST', '/users/export/ids', { external_ids: ['csv-1', 'csv-2'], fields_to_export: ['external_id', 'first_name', 'custom_attributes'] })).body.users;
      expect(csvUsers).toEqual([
        { external_id: 'csv-1', first_name: 'Lee, Ann', custom_attributes: { visits: 3, member: true, colours: ['red', 'blue'] } },
        { external_id: 'csv-2', first_name: 'Bo', custom_attributes: { visits: 0, member: false, colours: ['green'] } },
      ]);
      expect(e.state.profiles).toHaveLength(122);
    } finally {
      await e.close();
    }
  });
});

describe('the braze-openapi/emulator entry as built', () => {
  it('starts from the ESM and the CommonJS builds, reading the bundled spec next to dist/', async () => {
    const { createRequire } = await import('node:module');
    const esm = await import(new URL('../dist/esm/emulator.js', import.meta.url).href);
    const cjs = createRequire(import.meta.url)('../dist/cjs/emulator.cjs');
    for (const entry of [esm, cjs]) {
      const e = await entry.startEmulator({ rateLimit: false });
      try {
        expect((await call(e.url, 'POST', '/users/track', { attributes: [{ external_id: 'd1', a: 1 }] })).status).toBe(201);
        expect((await call(e.url, 'POST', '/users/export/ids', { external_ids: ['d1'] })).body.users[0].custom_attributes).toEqual({ a: 1 });
        expect((await call(e.url, 'POST', '/users/track', { attributes: 'nope' })).status).toBe(400);
      } finally {
        await e.close();
      }
    }
  });
});
