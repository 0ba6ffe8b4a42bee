// Are the light Request and signal (src/transport.ts) still needed? (issue 15: "the hand-made
// Request/Response/Signal stand-ins stay only if measured necessary".) Builds the client from src/
// three times with esbuild (unminified, into node_modules/.cache/braze-openapi-stand-ins/) and
// runs them side by side against one loopback server, 32 concurrent small /users/track calls,
// limiter on under a budget that never binds:
//   light                    as shipped: the light Request and the light signal
//   AbortController          each call's signal is a standard AbortController's
//   Request+AbortController  each call is a standard WHATWG Request as well (the undici transport
//                            then reads its body stream)
// Only the two lines that make those choices differ between the builds. Prints calls per second
// and the client process's CPU time per call, each round, and the ratios to `light`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}node_modules/.cache/braze-openapi-stand-ins/`;
const LAZY = ['bulk', 'validation', 'node-transport', 'hooks', 'paginate', 'endpoints'];
const lazy = { name: 'lazy', setup(b) { b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (a) => (a.kind === 'dynamic-import' && LAZY.includes(a.path.slice(2, -3)) ? { path: a.path, external: true } : undefined)); } };
const common = { bundle: true, platform: 'neutral', target: 'es2022', external: ['openapi-fetch', 'undici', 'node:*'], format: 'esm', plugins: [lazy], logLevel: 'warning' };
const SIGNAL = 'const controller = light ? new LightSignal() : new AbortController();';
const REQUEST = 'return new LightRequest(url, { method: endpoint.method, headers, body: json, signal });';
const variants = {
  light: (code) => code,
  AbortController: (code) => code.replace(SIGNAL, 'light = false; const controller = new AbortController();'),
  'Request+AbortController': (code) =>
    code.replace(SIGNAL, 'light = false; const controller = new AbortController();').replace(REQUEST, 'return new Request(url, { method: endpoint.method, headers: headers.map, body: json, signal });'),
};
fs.rmSync(out, { recursive: true, force: true });
await build({ ...common, entryPoints: LAZY.filter((n) => n !== 'validation').map((n) => `${root}src/${n}.ts`), outdir: `${out}parts` });
const index = (await build({ ...common, entryPoints: [`${root}src/index.ts`], write: false })).outputFiles[0].text;
for (const needle of [SIGNAL, REQUEST]) if (!index.includes(needle)) throw new Error(`stand-ins bench: the build no longer contains "${needle}": update this script`);
for (const [name, change] of Object.entries(variants)) {
  fs.mkdirSync(`${out}${name}`, { recursive: true });
  for (const part of fs.readdirSync(`${out}parts`)) fs.copyFileSync(`${out}parts/${part}`, `${out}${name}/${part}`);
  fs.writeFileSync(`${out}${name}/index.js`, change(index));
}

const server = spawn(process.execPath, [fileURLToPath(new URL('./tiny-server.mjs', import.meta.url)), '--limit', '1000000', '--window', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
const base = `http://127.0.0.1:${port}`;
const budget = { overrides: { 'users-track': { requests: 1e6, windowSeconds: 1 } } };
const clients = {};
for (const name of Object.keys(variants)) clients[name] = (await import(`${out}${name}/index.js`)).createBrazeClient({ apiKey: 'k', baseUrl: base, rateLimit: budget });
const payload = { attributes: [{ external_id: 'user-1', first_name: 'Ada' }] };
const CALLS = Number(process.env.CALLS ?? 20_000);
async function run(client, calls) {
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next++ < calls) if ((await client.users.track(payload)).message !== 'success') throw new Error('unexpected answer');
    }),
  );
  const used = process.cpuUsage(cpu);
  return { rate: calls / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / calls };
}
for (const client of Object.values(clients)) await run(client, 2000);
const rounds = Object.fromEntries(Object.keys(clients).map((name) => [name, []]));
for (let r = 0; r < 3; r++) for (const [name, client] of Object.entries(clients)) rounds[name].push(await run(client, CALLS));
server.kill();
const median = (xs) => [...xs].sort((a, b) => a - b)[1];
const light = median(rounds.light.map((x) => x.rate));
console.log(`stand-ins: ${CALLS} calls x 3 rounds, 32 concurrent, Node ${process.version}`);
for (const [name, xs] of Object.entries(rounds)) {
  const rate = median(xs.map((x) => x.rate));
  console.log(`${name.padEnd(24)} calls/s ${xs.map((x) => x.rate.toFixed(0)).join(' ').padEnd(18)} cpu µs/call ${xs.map((x) => x.cpuUs.toFixed(1)).join(' ').padEnd(16)} x light ${(rate / light).toFixed(2)}`);
}
process.exit(0);
