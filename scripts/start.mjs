// `npm start` (after the build): serves the rendered reference, the mock Braze API and the stateful
// emulator (src/emulator, from dist/) on 127.0.0.1 until Ctrl-C. Ports: DOCS_PORT (default 8080),
// MOCK_PORT (default 4010) and EMULATOR_PORT (default 4020); a busy port falls back to a free one,
// and the ports in use are printed.
import { createDocsServer } from './docs-server.mjs';
import { startMock } from './mock.mjs';
import { startEmulator } from '../dist/esm/emulator.js';

async function listen(server, port) {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE' && port !== 0) resolve(listen(server, 0));
      else reject(error);
    });
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

async function startMockOn(port) {
  try {
    return await startMock({ port });
  } catch (error) {
    if (error.code === 'EADDRINUSE' && port !== 0) return startMock({ port: 0 });
    throw error;
  }
}

const docs = createDocsServer();

const docsPort = await listen(docs, Number(process.env.DOCS_PORT ?? 8080));
const mock = await startMockOn(Number(process.env.MOCK_PORT ?? 4010));
const emulatorPort = Number(process.env.EMULATOR_PORT ?? 4020);
const emulator = await startEmulator({ port: emulatorPort }).catch((error) => {
  if (error.code === 'EADDRINUSE' && emulatorPort !== 0) return startEmulator({ port: 0 });
  throw error;
});

console.log(`
Reference:       http://127.0.0.1:${docsPort}/
Mock Braze API:  ${mock.url}   (any bearer key; bodies are checked against the tolerant view, warnings in X-Braze-OpenAPI-Warning)
Braze emulator:  ${emulator.url}   (stateful: what you track, you export; state at /__emulator/state)

Try:
  curl -s -X POST ${emulator.url}/users/track \\
    -H 'Authorization: Bearer any-key' -H 'Content-Type: application/json' \\
    -d '{"attributes":[{"external_id":"user-1","first_name":"Ada","loyalty_tier":"gold"}]}'

Ctrl-C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  docs.close();
  await Promise.all([mock.close(), emulator.close()]);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
