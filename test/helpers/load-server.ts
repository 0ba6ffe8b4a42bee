// The project's load server (scripts/load-server.mjs) for tests: `const server = useLoadServer()`
// in a test file, then `await server({ rateLimit, faults, respond })` in a test; every server
// started is closed after its test.
import { afterEach } from 'vitest';
// @ts-expect-error plain ESM script without types
import { startLoadServer } from '../../scripts/load-server.mjs';

export interface LoadServer {
  url: string;
  port: number;
  counts: Map<string, number>;
  stats(): Record<string, any>;
  close(): Promise<void>;
}

export function useLoadServer(): (options?: object) => Promise<LoadServer> {
  const open: LoadServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (options = {}) => {
    const server: LoadServer = await startLoadServer(options);
    open.push(server);
    return server;
  };
}
