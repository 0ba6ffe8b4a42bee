// The loopback server of bench/client-overhead: answers every POST like Braze's /users/track
// would, with rate-limit headers, as cheaply as possible, in its own process so that it does not
// share the client's event loop. Prints its port on stdout.
// The headers count honestly in fixed windows: `--limit N --window S` (default 3000 per 3 s, as
// Braze's /users/track). The overhead bench announces a limit its client's budget never reaches,
// so that the client's limiter does all its work (pacing, reading the headers) without binding.
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { limit: { type: 'string', default: '3000' }, window: { type: 'string', default: '3' } } });
const limit = Number(values.limit);
const windowMs = Number(values.window) * 1000;
const body = JSON.stringify({ message: 'success', attributes_processed: 1 });
const limitHeader = String(limit);
let windowEnd = 0;
let count = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const now = Date.now();
    if (now >= windowEnd) {
      windowEnd = Math.ceil((now + 1) / windowMs) * windowMs;
      count = 0;
    }
    count++;
    res.writeHead(201, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-ratelimit-limit': limitHeader,
      'x-ratelimit-remaining': String(Math.max(0, limit - count)),
      'x-ratelimit-reset': String(Math.ceil(windowEnd / 1000)),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
