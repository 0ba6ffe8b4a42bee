// The undici transport (src/node-transport.ts), beyond what the production and fault tests cover:
// a request that never reached a socket (its time ran out while it waited for a connection, the
// connection or its TLS handshake failed) is reported as not sent, and a header that cannot be
// sent is refused before anything leaves.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { describe, expect, it } from 'vitest';
import { BrazeNetworkError, BrazeTimeoutError, BrazeValidationError, createBrazeClient } from '../src/index.js';
import { useServer } from './helpers/loopback.js';

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
const served = useServer(server);

describe('undici transport', () => {
  it('a call that times out while waiting for a connection was not written: sent false, never arrives', async () => {
    const pool = new Pool(served.url, { connections: 1 });
    const braze = createBrazeClient({ apiKey: 'k', baseUrl: served.url, dispatcher: pool, rateLimit: false });
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
    const braze = createBrazeClient({ apiKey: 'k', baseUrl: served.url, rateLimit: false });
    const error = await braze.users.track({ attributes: [{ external_id: 'slow' }] }, { timeoutMs: 200 }).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeTimeoutError);
    expect(error.sent).toBe(true);
    expect(arrived).toEqual(['slow']);
    release();
  });

  it('a header that cannot be sent (a line break, a bad name) is refused before sending, naming it', async () => {
    arrived.length = 0;
    const braze = createBrazeClient({ apiKey: 'k', baseUrl: served.url, rateLimit: false });
    const body = { attributes: [{ external_id: 'h' }] };
    const value = await braze.users.track(body, { headers: { 'x-trace': 'a\r\nx-evil: 1' } }).catch((e) => e);
    expect(value).toBeInstanceOf(BrazeValidationError);
    expect(value).toMatchObject({ field: 'headers.x-trace', sent: false });
    const name = await braze.users.track(body, { headers: { 'x trace': '1' } }).catch((e) => e);
    expect(name).toBeInstanceOf(BrazeValidationError);
    expect(name).toMatchObject({ field: 'headers.x trace' });
    expect(arrived).toEqual([]);
  });

  it('a TLS handshake that fails never carried the request: sent false, even for events', async () => {
    const work = mkdtempSync(join(tmpdir(), 'braze-tls-'));
    try {
      const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem')]);
      expect(made.status).toBe(0);
      let requests = 0;
      const tls = https.createServer({ key: readFileSync(join(work, 'key.pem')), cert: readFileSync(join(work, 'cert.pem')) }, (_req, res) => (requests++, res.end('{}')));
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
      try {
        // Untrusted: the handshake fails before the request is written.
        const braze = createBrazeClient({ apiKey: 'k', baseUrl: `https://localhost:${(tls.address() as AddressInfo).port}`, rateLimit: false, retry: false });
        const error = await braze.users.track({ events: [{ external_id: 'e', name: 'x', time: '2026-11-26T10:00:00Z' }] }).catch((e) => e);
        expect(error).toBeInstanceOf(BrazeNetworkError);
        expect(error.sent).toBe(false);
        expect(error.message).toMatch(/not sent/);
        expect(requests).toBe(0);
      } finally {
        tls.closeAllConnections();
        await new Promise((resolve) => tls.close(resolve));
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
