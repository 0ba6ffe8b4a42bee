// A real Redis for the tests of the shared rate-limit store: Debian's redis-server, installed by
// scripts/install-test-deps.sh, started on a free 127.0.0.1 port with no persistence, stopped after
// the test file. `proxy()` puts a TCP relay in front of it whose connections a test can cut, to
// play a process that loses Redis halfway through.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll } from 'vitest';

// The free-port helper of scripts/mock.mjs (one copy in the project).
// @ts-expect-error plain ESM script without types
import { freePort as anyFreePort } from '../../scripts/mock.mjs';

export const freePort: () => Promise<number> = anyFreePort;

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.on('error', reject);
      let ready = false;
      const deadline = Date.now() + 10_000;
      const poll = () => {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('connect', () => {
          socket.write('PING\r\n');
        });
        socket.on('data', (d) => {
          socket.destroy();
          if (String(d).startsWith('+PONG')) {
            ready = true;
            resolve();
          }
        });
        socket.on('error', () => {
          socket.destroy();
          if (!ready && Date.now() < deadline) setTimeout(poll, 50);
          else if (!ready) reject(new Error(`redis-server did not start on port ${port}`));
        });
      };
      poll();
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, restart: start };
}

/** A TCP relay to a Redis server; `cut()` closes every connection and refuses new ones. */
export async function proxy(targetPort: number): Promise<{ url: string; cut(): void }> {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) return client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `redis://127.0.0.1:${port}`,
    cut() {
      open = false;
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/**
 * A redis-server for the whole test file: started before its tests, stopped after them. `redis()`
 * gives the running server; `prefix()` a fresh key prefix per test, so tests never share a budget.
 */
export function useRedis(): { redis: () => RedisServer; prefix: () => string } {
  let server: RedisServer | undefined;
  let count = 0;
  beforeAll(async () => {
    server = await startRedis();
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    redis: () => server!,
    prefix: () => `t${process.pid}-${++count}`,
  };
}
