// The local mock Braze API: Prism serving generated/openapi.yaml, behind a small proxy of ours.
// Prism names a request's schema violations only in its `sl-violations` header and answers with
// the spec's example error body; the proxy puts them in the body, in Braze's own error shape
// (`{ message, errors }`), so that a caller reading the body learns which field was wrong.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(port, child, output, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited (${child.exitCode}):\n${output.join('')}`);
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill();
  throw new Error(`Prism did not listen on ${port} within ${ms} ms:\n${output.join('')}`);
}

/** Starts Prism and the proxy; resolves to { url, port, close() }. */
export async function startMock({ port = 0, spec = 'generated/openapi.yaml', log = false } = {}) {
  const prismPort = await freePort();
  const output = [];
  const child = spawn(process.execPath, [`${root}node_modules/@stoplight/prism-cli/dist/index.js`, 'mock', '-h', '127.0.0.1', '-p', String(prismPort), spec], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (log ? process.stdout.write(d) : output.push(String(d))));
  child.stderr.on('data', (d) => output.push(String(d)));
  await waitFor(prismPort, child, output, 60_000);

  const agent = new http.Agent({ keepAlive: true });
  const proxy = http.createServer((req, res) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: prismPort, method: req.method, path: req.url, headers: req.headers, agent },
      (up) => {
        const violations = up.headers['sl-violations'];
        if (!violations || up.statusCode < 400) {
          res.writeHead(up.statusCode, up.headers);
          up.pipe(res);
          return;
        }
        up.resume();
        let list = [];
        try {
          list = JSON.parse(violations);
        } catch {
          list = [{ message: String(violations) }];
        }
        const errors = list.map((v) => v.message);
        const body = JSON.stringify({ message: `Invalid request: ${errors[0] ?? 'schema violation'}`, errors });
        const headers = { ...up.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
        delete headers['transfer-encoding'];
        res.writeHead(up.statusCode, headers);
        res.end(body);
      },
    );
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `mock upstream failed: ${error.message}` }));
    });
    req.pipe(upstream);
  });
  await new Promise((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = proxy.address().port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    async close() {
      agent.destroy();
      await new Promise((resolve) => proxy.close(resolve));
      child.kill();
    },
  };
}
