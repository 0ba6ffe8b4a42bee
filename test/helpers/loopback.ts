// A test file's own HTTP(S) server on 127.0.0.1: listening on a free port before the file's tests,
// closed (with its kept-alive connections) after them. `const served = useServer(server)`, then
// `served.url` in a test.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export function useServer(server: http.Server, protocol: 'http' | 'https' = 'http'): { readonly url: string; readonly port: number } {
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    get url() {
      return `${protocol}://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
  };
}
