// The loopback server of bench/client-overhead: answers every POST like Braze's /users/track
// would, with rate-limit headers, as cheaply as possible, in its own process so that it does not
// share the client's event loop. Prints its port on stdout.
import http from 'node:http';

const body = JSON.stringify({ message: 'success', attributes_processed: 1 });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(201, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-ratelimit-limit': '3000',
      'x-ratelimit-remaining': '2999',
      'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3),
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
