// `braze-openapi emulate`: starts the emulator, prints its URL, and runs until Ctrl-C.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './server.js';

export const EMULATE_HELP = `Usage: braze-openapi emulate [options]

Runs a local, stateful Braze REST API for your tests (see src/emulator/README.md): /users/track
then /users/export/ids returns what was written; catalogs, sends, schedules, content blocks,
templates and subscription states are remembered; everything else answers its documented example.
GET /__emulator/state shows what it holds, POST /__emulator/reset empties it.

Options
  --port N              port to listen on (default 4020, or a free one when it is taken;
                        0 picks a free one)
  --host ADDR           interface to listen on (default 127.0.0.1)
  --rate-scale X        multiply every documented rate limit by X (0.01 makes 429s easy to reach)
  --no-rate-limit       no rate limits at all
  --fail-rate X         answer a share X (0..1) of requests 503 without processing them
  --drop-rate X         close a share X of connections without an answer, before processing
  --drop-after-rate X   process a share X of requests, then close without an answer
  --delay-ms N          wait N ms before every answer
  --seed N              seed of the fault dice (repeatable runs)
  --key KEY=PERMS       accept only these keys; PERMS is * or a comma list of permissions
                        (users.track,users.export.ids); repeat for several keys
  --client-key KEY=PERMS
                        accept this client-side key for the Device Messaging API (Banners);
                        PERMS is * or banners.sync,banners.track; repeat for several keys.
                        With --key or --client-key, each kind of key works only where Braze
                        takes it
  --data-object-types FILE
                        a JSON array of data object types ({ type_name, metadata, schema_def,
                        object_relationship_types, user_relationship_types }): only these
                        exist and their schema_def is enforced; without it a type is defined
                        by the first object written to it
  --data-object-limits LIMITS
                        Data Objects workspace limits, answered with Braze's 422s:
                        records=N,relationships=N,objects-per-user=N,users-per-object=N
                        (any of them; none by default)
  --spec FILE           the OpenAPI description to serve and validate against
  -h, --help            this text
`;

class UsageError extends Error {}

const LIMIT_NAMES = { records: 'recordsPerType', relationships: 'relationshipsPerObject', 'objects-per-user': 'objectsPerUser', 'users-per-object': 'usersPerObject' } as const;

/** `records=1000,relationships=50` -> dataObjectLimits. */
function limitsOf(text: string | undefined): EmulatorOptions['dataObjectLimits'] {
  if (text === undefined) return undefined;
  const limits: NonNullable<EmulatorOptions['dataObjectLimits']> = {};
  for (const part of text.split(',')) {
    const [name, value] = part.split('=');
    const key = LIMIT_NAMES[name?.trim() as keyof typeof LIMIT_NAMES];
    const n = Number(value);
    if (!key || !Number.isInteger(n) || n < 0) throw new UsageError(`--data-object-limits: "${part}" is not one of ${Object.keys(LIMIT_NAMES).join(', ')} = a whole number`);
    limits[key] = n;
  }
  return limits;
}

function share(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name} must be a number from 0 to 1, got "${value}"`);
  return n;
}

function count(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer of at least ${min}, got "${value}"`);
  return n;
}

/** `KEY=*` or `KEY=perm1,perm2` entries of a repeated option, as a key table (undefined when none). */
function keyTable(name: string, entries: string[] | undefined): Record<string, string[] | '*'> | undefined {
  let table: Record<string, string[] | '*'> | undefined;
  for (const entry of entries ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${name} needs KEY=PERMISSIONS (PERMISSIONS is * or a comma list)`);
    const perms = entry.slice(eq + 1);
    table = { ...table, [entry.slice(0, eq)]: perms === '*' ? '*' : perms.split(',').filter(Boolean) };
  }
  return table;
}

function typesFile(file: string | undefined): EmulatorOptions['dataObjectTypes'] {
  if (file === undefined) return undefined;
  let types: unknown;
  try {
    types = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--data-object-types: cannot read ${file} as JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(types) || !types.every((t) => typeof t?.type_name === 'string' && t.type_name)) {
    throw new UsageError('--data-object-types must hold a JSON array of types, each with a type_name');
  }
  return types;
}

export function parseEmulateArgs(argv: string[]): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'rate-scale': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      'fail-rate': { type: 'string' },
      'drop-rate': { type: 'string' },
      'drop-after-rate': { type: 'string' },
      'delay-ms': { type: 'string' },
      seed: { type: 'string' },
      key: { type: 'string', multiple: true },
      'client-key': { type: 'string', multiple: true },
      spec: { type: 'string' },
      'data-object-types': { type: 'string' },
      'data-object-limits': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const port = count('port', values.port) ?? 4020;
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  let rateLimit: EmulatorOptions['rateLimit'] = { scale: 1 };
  if (values['no-rate-limit']) rateLimit = false;
  else if (values['rate-scale'] !== undefined) {
    const scale = Number(values['rate-scale']);
    if (!Number.isFinite(scale) || scale <= 0) throw new UsageError(`--rate-scale must be a positive number, got "${values['rate-scale']}"`);
    rateLimit = { scale };
  }
  const keys = keyTable('key', values.key);
  const clientKeys = keyTable('client-key', values['client-key']);
  return {
    port,
    host: values.host ?? '127.0.0.1',
    rateLimit,
    faults: {
      error503: share('fail-rate', values['fail-rate']),
      drop: share('drop-rate', values['drop-rate']),
      dropAfterProcessing: share('drop-after-rate', values['drop-after-rate']),
      delayMs: count('delay-ms', values['delay-ms']),
      seed: count('seed', values.seed),
    },
    keys,
    clientKeys,
    dataObjectTypes: typesFile(values['data-object-types']),
    dataObjectLimits: limitsOf(values['data-object-limits']),
    spec: values.spec,
  };
}

/** Runs the command; resolves with the exit code once stopped by SIGINT or SIGTERM. */
export async function runEmulateCommand(argv: string[]): Promise<number> {
  let options: EmulatorOptions | 'help';
  try {
    options = parseEmulateArgs(argv);
  } catch (error) {
    // parseArgs throws a TypeError with a code for unknown or malformed options.
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`braze-openapi emulate: ${(error as Error).message}\n\n${EMULATE_HELP}`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(EMULATE_HELP);
    return 0;
  }
  let emulator;
  try {
    emulator = await startEmulator(options).catch((error) => {
      // The default port is only a preference: when it is taken, any free port does.
      if ((error as { code?: string }).code === 'EADDRINUSE' && !argv.some((a) => a === '--port' || a.startsWith('--port='))) {
        return startEmulator({ ...options, port: 0 });
      }
      throw error;
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`braze-openapi emulate: cannot listen on ${options.host}:${options.port} (${code}); try --port 0 for a free port\n`);
      return 1;
    }
    throw error;
  }
  const limits = options.rateLimit === false ? 'off' : `documented x ${(options.rateLimit as { scale: number }).scale}`;
  process.stdout.write(
    `Braze emulator listening on ${emulator.url}\n` +
      `  rate limits: ${limits}; keys: ${options.keys || options.clientKeys ? `${Object.keys(options.keys ?? {}).length} REST, ${Object.keys(options.clientKeys ?? {}).length} client-side configured` : 'any bearer key'}\n` +
      `  state: GET ${emulator.url}/__emulator/state   reset: POST ${emulator.url}/__emulator/reset\n` +
      `  client: createBrazeClient({ baseUrl: '${emulator.url}', apiKey: 'any-key', clientKey: 'any-client-key' })\n` +
      `Ctrl-C to stop.\n`,
  );
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      emulator.close().then(() => resolve(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
