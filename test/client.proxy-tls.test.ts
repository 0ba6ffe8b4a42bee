// HTTPS_PROXY for an https target: the undici transport opens a CONNECT tunnel through the proxy
// and speaks TLS to the target inside it. Loopback only: a self-signed certificate for localhost
// (made with openssl), trusted by a child process through NODE_EXTRA_CA_CERTS (Node reads it at
// start only), an https server and a CONNECT proxy written here.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { useServer } from './helpers/loopback.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'braze-tls-'));
const made = spawnSync('openssl', [
  'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
  '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem'),
], { encoding: 'utf8' });
if (made.status !== 0) throw new Error(`openssl could not make a test certificate: ${made.stderr}`);

const agents: string[] = [];
const server = https.createServer({ key: readFileSync(join(work, 'key.pem')), cert: readFileSync(join(work, 'cert.pem')) }, (req, res) => {
  agents.push(String(req.headers['user-agent']));
  req.resume();
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end('{"message":"success"}');
  });
});
const tunnels: string[] = [];
const proxy = http.createServer((_req, res) => res.writeHead(405).end());
proxy.on('connect', (req, client: net.Socket, head: Buffer) => {
  tunnels.push(`${req.method} ${req.url}`);
  const [host, port] = req.url!.split(':');
  const upstream = net.connect(Number(port), host === 'localhost' ? '127.0.0.1' : host, () => {
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
});

const target = useServer(server, 'https');
const viaProxy = useServer(proxy);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(env: Record<string, string>, trust = true): Promise<{ out: string; err: string; code: number | null }> {
  const file = join(work, 'tls.mjs');
  writeFileSync(
    file,
    `import { createBrazeClient } from ${JSON.stringify(join(root, 'dist/esm/index.js'))};
const braze = createBrazeClient({ apiKey: 'k', baseUrl: process.argv[2] });
const a = await braze.users.track({ attributes: [{ external_id: 'a', x: 1 }] }).then((r) => r.message, (e) => e.name + ' ' + e.message);
const b = await braze.users.track({ attributes: [{ external_id: 'b', x: 1 }] }).then((r) => r.message, (e) => e.name + ' ' + e.message);
let more = '';
for (let i = 0; i < 4; i++) more += ' ' + (await braze.users.track({ attributes: [{ external_id: 'c' + i, x: 1 }] }).then((r) => r.message, (e) => e.name));
console.log(a + ' ' + b + more);`,
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, `https://localhost:${target.port}`], { env: { PATH: process.env.PATH!, ...(trust ? { NODE_EXTRA_CA_CERTS: join(work, 'cert.pem') } : {}), ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => (clearTimeout(killer), resolve({ out, err, code })));
  });
}

describe('HTTPS_PROXY for an https target (built package)', () => {
  it('tunnels with CONNECT, verifies the target certificate, and reuses the tunnel', async () => {
    const result = await run({ HTTPS_PROXY: viaProxy.url });
    expect(result).toMatchObject({ out: 'success success success success success success\n', code: 0 });
    // Six calls in a row: kept-alive tunnels are reused. (undici may open a second connection when a
    // call starts in the same tick as the previous answer ends, so at most two tunnels.)
    expect(tunnels.length).toBeGreaterThanOrEqual(1);
    expect(tunnels.length).toBeLessThanOrEqual(2);
    expect(new Set(tunnels)).toEqual(new Set([`CONNECT localhost:${target.port}`]));
    expect(agents).toHaveLength(6);
    expect(agents[0]).toMatch(/^braze-openapi\/\S+ node\//);
  }, 20_000);

  it('still checks the target certificate inside the tunnel', async () => {
    tunnels.length = 0;
    const result = await run({ HTTPS_PROXY: viaProxy.url }, false);
    expect(result.out).toMatch(/^BrazeNetworkError .*SELF_SIGNED|^BrazeNetworkError .*(CERT|certificate)/i);
    expect(tunnels.length).toBeGreaterThan(0);
  }, 20_000);

  it('goes direct for a host in NO_PROXY', async () => {
    tunnels.length = 0;
    const result = await run({ HTTPS_PROXY: viaProxy.url, NO_PROXY: 'localhost' });
    expect(result).toMatchObject({ out: 'success success success success success success\n', code: 0 });
    expect(tunnels).toEqual([]);
  }, 20_000);
});
