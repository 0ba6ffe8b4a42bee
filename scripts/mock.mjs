// The local mock Braze API: Prism serving the tolerant view (generated/openapi.tolerant.json:
// everything Braze is known to accept), behind a small proxy of ours.
// - Prism names a request's schema violations only in its `sl-violations` header and answers with
//   the spec's example error body; the proxy puts them in the body, in Braze's own error shape
//   (`{ message, errors }`), so that a caller reading the body learns which field was wrong.
// - Prism ignores `unevaluatedProperties` and the cross-field rules, and cannot tell a warning from
//   an error: the proxy also checks each JSON body with the client's own compiled validators
//   (src/validation.ts, loaded through tsx). A body that fails the tolerant view gets Braze's 400;
//   a body that passes it but not the strict contract gets Prism's normal answer plus one
//   `X-Braze-OpenAPI-Warning` header per warning (`<field> <what>; <why>`).
// - Prism repeats a `Link` header's example as it is; the proxy points its links at the request's
//   own path (see ownLinks), as Braze does.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const WARNING_HEADER = 'x-braze-openapi-warning';

/** (method, path) -> operationId, from the bundle's path templates. */
function operationFinder(specFile) {
  const spec = JSON.parse(readFileSync(new URL(specFile, `file://${root}`), 'utf8'));
  const routes = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      if (item[method]?.operationId) routes.push({ method: method.toUpperCase(), pattern, literal: !template.includes('{'), operationId: item[method].operationId });
    }
  }
  // A literal path wins over a template that also matches it (`/catalogs/x/items` vs `/{name}/items`).
  routes.sort((a, b) => Number(b.literal) - Number(a.literal));
  return (method, url) => {
    const path = url.split('?')[0];
    return routes.find((r) => r.method === method && r.pattern.test(path))?.operationId;
  };
}

/**
 * Prism answers a `Link` header with its example verbatim, and the cursor-paged operations share
 * one header component whose example names `/events`. Braze links each page to the next page of
 * the same operation, so the proxy points every link at the request's own path, keeping its query
 * (the cursor): a client that follows `rel="next"` stays on the operation it called.
 */
export function ownLinks(link, requestUrl) {
  const path = requestUrl.split('?')[0];
  return link.replace(/<\/[^>?]*(\?[^>]*)?>/g, (_, query = '') => `<${path}${query}>`);
}

/** Header values must be visible ASCII. */
const headerSafe = (text) => text.replace(/[^\x20-\x7e]/g, (c) => encodeURIComponent(c));

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
export async function startMock({ port = 0, spec = 'generated/openapi.tolerant.json', log = false } = {}) {
  const { tsImport } = await import('tsx/esm/api');
  const { validateBody } = await tsImport('../src/validation.ts', import.meta.url);
  const operationOf = operationFinder(spec);
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
  const proxy = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const raw = Buffer.concat(chunks);
    let checked = { errors: [], warnings: [] };
    const operationId = operationOf(req.method, req.url);
    if (operationId && raw.length && /json/.test(req.headers['content-type'] ?? '')) {
      try {
        checked = validateBody(operationId, JSON.parse(raw.toString('utf8')));
      } catch {
        // Not JSON: Prism answers that.
      }
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: prismPort, method: req.method, path: req.url, headers: req.headers, agent },
      (up) => {
        const violations = up.headers['sl-violations'];
        if ((!violations || up.statusCode < 400) && checked.errors.length && up.statusCode < 300) {
          // Prism let through what the tolerant view refuses (unevaluatedProperties, a rule of
          // rules.ts): answer as Braze does.
          up.resume();
          const errors = checked.errors.map((e) => `${e.field} ${e.message}`);
          const body = JSON.stringify({ message: `Invalid request: ${errors[0]}`, errors });
          res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
          return;
        }
        if (!violations || up.statusCode < 400) {
          const headers = { ...up.headers };
          if (typeof headers.link === 'string') headers.link = ownLinks(headers.link, req.url);
          if (checked.warnings.length) headers[WARNING_HEADER] = checked.warnings.map((w) => headerSafe(`${w.field} ${w.message}; ${w.why}`));
          res.writeHead(up.statusCode, headers);
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
    upstream.end(raw);
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
