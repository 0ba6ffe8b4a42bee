// The undici transport (src/node-transport.ts), beyond what the production and fault tests cover:
// a call whose time runs out while it waits for a connection is never written, and says so.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrazeTimeoutError, createBrazeClient } from '../src/index.js';

const arrived: string[] = [];
let release: () => void = () => {};
const server = http.createServer((req, res) => {
  let text = '';
  req.on('data', (d) => (text += d));
  req.on('end', () => {
    arrived.push(JSON.parse(text).attributes[0].external_id);
    const answer = () => res.writeHead(201, { 'content-type': 'application/json' }).end('{"message":"success"}');
    // The first request holds the only connection until the test lets it go.
    if (arrived.length === 1) release = answer;
    else answer();
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('undici transport', () => {
  it('a call that times out while waiting for a connection was not written: sent false, never arrives', async () => {
    const pool = new Pool(base, { connections: 1 });
    const braze = createBrazeClient({ apiKey: 'k', baseUrl: base, dispatcher: pool, rateLimit: false });
    const first = braze.users.track({ attributes: [{ external_id: 'first' }] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await braze.users.track({ attributes: [{ external_id: 'second' }] }, { timeoutMs: 200 }).catch((e) => e);
    expect(second).toBeInstanceOf(BrazeTimeoutError);
    expect(second.sent).toBe(false);
    expect(second.message).toMatch(/not sent within 200 ms .*nothing reached Braze/);
    release();
    await expect(first).resolves.toEqual({ message: 'success' });
    // The connection is free again: had the second request been queued for it, it would come now.
    await braze.users.track({ attributes: [{ external_id: 'third' }] });
    expect(arrived).toEqual(['first', 'third']);
    await pool.close();
  });

  it('a call that times out once written may have been processed: sent true', async () => {
    arrived.length = 0;
    const braze = createBrazeClient({ apiKey: 'k', baseUrl: base, rateLimit: false });
    const error = await braze.users.track({ attributes: [{ external_id: 'slow' }] }, { timeoutMs: 200 }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeTimeoutError);
    expect(error.sent).toBe(true);
    expect(arrived).toEqual(['slow']);
    release();
  });
});
