// A local stand-in for Braze used by tests and benches (127.0.0.1 only). It enforces a fixed-window
// rate limit with real X-RateLimit-* headers and 429s, injects faults (503s, dropped connections,
// slow or non-JSON answers), and counts every object it accepted, so that a test can prove that each
// input object arrived exactly once.
//
//   const server = await startLoadServer({ rateLimit: { requests: 300, windowSeconds: 3 }, faults: { status503: 0.05 } });
//   server.url; server.stats(); server.counts (Map id -> times accepted); await server.close();
//
// Faults are drawn from a seeded generator, so a run can be repeated. A 503 or a drop happens
// either before the body is processed (`faultPhase: 'before'`, nothing counted) or after it
// (`'after'`, the default: the objects were counted, which is the case that makes a careless
// retry duplicate data).
import http from 'node:http';
import { fileURLToPath } from 'node:url';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ARRAYS = ['attributes', 'events', 'purchases'];

/** The identity under which an object is counted: its external_id, alias, braze_id, or email. */
function keyOf(kind, object) {
  const id =
    object.external_id ??
    (object.user_alias ? `${object.user_alias.alias_label}:${object.user_alias.alias_name}` : undefined) ??
    object.braze_id ??
    object.email ??
    object.phone;
  return `${kind}:${id}:${object._row ?? object.name ?? object.product_id ?? ''}`;
}

export async function startLoadServer(options = {}) {
  const rate = options.rateLimit; // { requests, windowSeconds } or undefined for none
  const faults = { status503: 0, drop: 0, dropFirst: 0, slowMs: 0, slowRate: 0, nonJson: 0, ...options.faults };
  const phase = options.faultPhase ?? 'after';
  const random = mulberry32(options.seed ?? 1);
  const now = options.now ?? Date.now;

  const counts = new Map();
  const stats = { requests: 0, accepted: 0, rejected429: 0, injected503: 0, dropped: 0, nonJson: 0, objects: 0, duplicates: 0, byPath: {} };
  let windowStart = 0;
  let used = 0;

  function count(body) {
    for (const kind of ARRAYS) {
      for (const object of Array.isArray(body?.[kind]) ? body[kind] : []) {
        const key = keyOf(kind, object);
        const seen = counts.get(key) ?? 0;
        counts.set(key, seen + 1);
        stats.objects++;
        if (seen > 0) stats.duplicates++;
      }
    }
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      // Introspection, not counted: what arrived, for comparing with the input row by row.
      if (req.method === 'GET' && req.url === '/__stats') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...stats, distinct: counts.size }));
        return;
      }
      if (req.method === 'GET' && req.url === '/__counts') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(Object.fromEntries(counts)));
        return;
      }
      stats.requests++;
      const path = req.url.split('?')[0];
      stats.byPath[path] = (stats.byPath[path] ?? 0) + 1;
      const headers = { 'content-type': 'application/json' };
      if (rate) {
        const t = now();
        const windowMs = rate.windowSeconds * 1000;
        // Windows run back to back from the first request, so a test knows when the next one opens.
        if (t - windowStart >= windowMs) {
          windowStart = windowStart === 0 ? t : windowStart + Math.floor((t - windowStart) / windowMs) * windowMs;
          used = 0;
        }
        const reset = Math.ceil((windowStart + windowMs) / 1000);
        headers['x-ratelimit-limit'] = String(rate.requests);
        headers['x-ratelimit-reset'] = String(reset);
        if (used >= rate.requests) {
          stats.rejected429++;
          headers['x-ratelimit-remaining'] = '0';
          res.writeHead(429, headers);
          res.end(JSON.stringify({ message: 'Too Many Requests' }));
          return;
        }
        used++;
        headers['x-ratelimit-remaining'] = String(rate.requests - used);
        // `hideHeaders`: answers below the limit carry no X-RateLimit-* (as behind some proxies), so
        // a client cannot slow down ahead of the limit and meets its 429s.
        if (rate.hideHeaders) for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset']) delete headers[name];
      }
      let body;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        res.writeHead(400, headers);
        res.end(JSON.stringify({ message: 'body is not JSON' }));
        return;
      }
      const draw = random();
      const fault = stats.requests <= faults.dropFirst ? 'drop' :
        draw < faults.status503 ? '503' : draw < faults.status503 + faults.drop ? 'drop' : draw < faults.status503 + faults.drop + faults.nonJson ? 'nonJson' : undefined;
      if (fault && phase === 'after' && fault !== 'nonJson') count(body);
      if (fault === '503') {
        stats.injected503++;
        res.writeHead(503, headers);
        res.end(JSON.stringify({ message: 'Service Unavailable' }));
        return;
      }
      if (fault === 'drop') {
        stats.dropped++;
        req.socket.destroy();
        return;
      }
      if (fault === 'nonJson') {
        stats.nonJson++;
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      }
      if (faults.slowRate && random() < faults.slowRate) await new Promise((r) => setTimeout(r, faults.slowMs));
      count(body);
      stats.accepted++;
      const processed = Object.fromEntries(ARRAYS.filter((k) => Array.isArray(body?.[k])).map((k) => [`${k}_processed`, body[k].length]));
      const answer = options.respond?.(req, body) ?? { message: 'success', ...processed };
      res.writeHead(answer.status ?? 201, headers);
      res.end(JSON.stringify(answer.body ?? answer));
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts,
    stats: () => ({ ...stats, distinct: counts.size }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

// As a command: `node scripts/load-server.mjs [--port 4020] [--rate 300/3] [--503 0.05] [--drop 0.01]
// [--slow-ms 0 --slow-rate 0] [--fault-phase after|before] [--seed 1]`. It prints its URL, serves
// GET /__stats and GET /__counts (object key -> times accepted, e.g. "attributes:user-1:"), and
// prints the stats on Ctrl-C.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? fallback : process.argv[i + 1];
  };
  const rate = arg('--rate');
  const [requests, windowSeconds] = rate ? rate.split('/').map(Number) : [];
  const server = await startLoadServer({
    port: Number(arg('--port', 0)),
    ...(rate ? { rateLimit: { requests, windowSeconds } } : {}),
    faults: { status503: Number(arg('--503', 0)), drop: Number(arg('--drop', 0)), slowMs: Number(arg('--slow-ms', 0)), slowRate: Number(arg('--slow-rate', 0)) },
    faultPhase: arg('--fault-phase', 'after'),
    seed: Number(arg('--seed', 1)),
  });
  console.log(`load server on ${server.url}${rate ? ` (${requests} requests / ${windowSeconds} s)` : ''}; GET ${server.url}/__stats, ${server.url}/__counts; Ctrl-C to stop`);
  process.on('SIGINT', async () => {
    console.log(JSON.stringify(server.stats()));
    await server.close();
    process.exit(0);
  });
}
