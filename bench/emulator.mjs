// Emulator throughput: /users/track requests of 75 attribute objects each (8 in flight), then
// /users/export/ids of 50 users, against the stateful emulator (dist/) and against the Prism mock
// (scripts/mock.mjs, which validates and forgets), same run, same payloads. Prints requests per
// second and the emulator/mock ratio. `node scripts/build.mjs --only dist` first.
import http from 'node:http';
import { startEmulator } from '../dist/esm/emulator.js';
import { startMock } from '../scripts/mock.mjs';

const REQUESTS = Number(process.env.REQUESTS ?? 400);
const CONCURRENCY = 8;
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(base, path, body) {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', agent, headers: { authorization: 'Bearer bench', 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode < 300 ? resolve() : reject(new Error(`${path} ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const trackBody = (i) => ({ attributes: Array.from({ length: 75 }, (_, j) => ({ external_id: `u${(i * 75 + j) % 5000}`, first_name: 'Ada', visits: { inc: 1 }, tags: { add: ['a'] }, profile: { city: 'Oslo' } })) });
const exportBody = (i) => ({ external_ids: Array.from({ length: 50 }, (_, j) => `u${(i * 50 + j) % 5000}`) });

async function run(base, path, makeBody) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) await post(base, path, makeBody(next++));
  }));
  return REQUESTS / ((performance.now() - t0) / 1000);
}

const emulator = await startEmulator({ rateLimit: false });
const mock = await startMock();
const rows = [];
for (const [name, path, body] of [['track (75 objects)', '/users/track', trackBody], ['export ids (50 users)', '/users/export/ids', exportBody]]) {
  await run(emulator.url, path, body); // warm-up, and users to export
  await run(mock.url, path, body);
  const e = await run(emulator.url, path, body);
  const m = await run(mock.url, path, body);
  rows.push({ request: name, 'emulator req/s': Math.round(e), 'Prism mock req/s': Math.round(m), 'emulator / mock': (e / m).toFixed(2) });
}
console.table(rows);
console.log(`profiles held by the emulator: ${emulator.state.profiles.length}`);
agent.destroy();
await emulator.close();
await mock.close();
