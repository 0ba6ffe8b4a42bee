// The emulator's HTTP server: routing by the spec's paths, the key and its permissions, rate
// limits, faults, request validation, then a stateful handler or the documented example.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { badRequest, type Reply, type Route } from './context.js';
import { dice, RateLimiter, type FaultOptions, type RateLimitOptions } from './limits.js';
import { Spec, describeErrors, type SpecOperation } from './spec.js';
import { Store, type DataObjectLimits, type DataObjectType } from './store.js';
import { exportedUser, userRoutes } from './users.js';
import { catalogRoutes } from './catalogs.js';
import { messagingRoutes } from './messaging.js';
import { dataObjectRoutes } from './dataObjects.js';

export interface EmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Documented rate limits, scaled (`{ scale: 0.001 }`), or `false` for none. Default `{ scale: 1 }`. */
  rateLimit?: RateLimitOptions | false;
  faults?: FaultOptions;
  /**
   * Accepted REST API keys and their permissions (`x-braze-permission` names, or `'*'` for all).
   * Without it (and without `clientKeys`) any bearer key is accepted with every permission.
   */
  keys?: Record<string, string[] | '*'>;
  /**
   * Accepted client-side keys (the `BrazeClientKey` scheme of the Device Messaging API, such as
   * `/v1/device-messaging/banners/sync`) and their permissions (`banners.sync`, `banners.track`,
   * or `'*'`). When `keys` or `clientKeys` is given, the two kinds are kept apart as Braze does:
   * a Device Messaging operation takes only a client-side key, every other operation only a REST
   * key. Without either, any bearer key is accepted everywhere with every permission.
   */
  clientKeys?: Record<string, string[] | '*'>;
  /**
   * Data object types, as defined in Braze's dashboard (no API creates one); they survive
   * `reset()`. With any, only these exist and a type's `schema_def` and relationship kinds are
   * enforced; without, a type comes into being on the first object written to it.
   */
  dataObjectTypes?: DataObjectType[];
  /**
   * Workspace limits on Data Objects, which Braze does not publish as numbers (its support sets
   * them): past one, a write that would add an object or a relationship is answered 422 with
   * Braze's code (`data-object-record-limit-exceeded`...) and changes nothing. Default: none.
   */
  dataObjectLimits?: DataObjectLimits;
  /** The description to serve and validate against: a file path or a parsed document. */
  spec?: string | object;
  /**
   * Check every answer against the spec's response schema before sending it, and answer 500
   * naming the problems when one does not match (for the emulator's own tests). Default false.
   */
  checkResponses?: boolean;
}

export interface Emulator {
  url: string;
  port: number;
  /** What GET /__emulator/state returns: profiles, events, purchases, sends, catalogs... */
  readonly state: EmulatorState;
  /** The live store, for tests that want to look deeper. */
  store: Store;
  reset(): void;
  close(): Promise<void>;
}

export type EmulatorState = ReturnType<typeof snapshot>;

const MAX_BODY = 4 * 1024 * 1024;
const routes: Record<string, Route> = { ...userRoutes, ...catalogRoutes, ...messagingRoutes, ...dataObjectRoutes };

export function snapshot(store: Store) {
  return {
    profiles: store.profiles.map((p): Record<string, any> => ({
      ...exportedUser(p),
      ...(p.deprecated_external_ids.length ? { deprecated_external_ids: [...p.deprecated_external_ids] } : {}),
      ...(p.subscription_groups.size ? { subscription_groups: Object.fromEntries(p.subscription_groups) } : {}),
    })),
    events: store.events,
    purchases: store.purchases,
    sends: store.sends,
    schedules: store.schedules,
    catalogs: [...store.catalogs.values()].map((c) => ({ name: c.name, description: c.description, fields: c.fields, items: [...c.items.values()] })),
    content_blocks: [...store.contentBlocks.values()],
    email_templates: [...store.emailTemplates.values()],
    email_status: Object.fromEntries(store.emailStatus),
    hard_bounces: [...store.hardBounces.keys()],
    invalid_phone_numbers: [...store.invalidPhones.keys()],
    data_object_types: [...store.dataObjectTypes.values()],
    data_objects: [...store.dataObjects.values()],
    object_relationships: store.objectLinks,
    user_relationships: store.userLinks,
  };
}

function send(res: http.ServerResponse, reply: Reply, extra: Record<string, string>): void {
  const headers: Record<string, string> = { ...extra, ...(reply.headers ?? {}) };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** The text of one internal problem (a string, or an object with a `message`). */
const problemText = (e: unknown) => (typeof e === 'object' && e !== null && 'message' in e ? String((e as { message: unknown }).message) : String(e));

/**
 * Handlers and checks answer errors as BrazeError (`{ message, errors?: string[] }`); this gives
 * the body the shape the operation documents for that status: catalogs' `{ message, errors:
 * [{ id, message }] }`, translations' `{ errors: [{ message }] }`, Banner retrieval's `{ error }`,
 * Banner tracking's `{ message, errors?: [{ type, index }] }`.
 */
function shapeError(spec: Spec, op: SpecOperation, reply: Reply): Reply {
  if (reply.status < 400 || !reply.body || typeof reply.body !== 'object') return reply;
  const body = reply.body as { message: string; errors?: unknown[] };
  if (typeof body.message !== 'string') return reply;
  switch (spec.responseSchemaName(op, reply.status)) {
    case 'CatalogError': {
      if (body.errors?.every((e) => typeof e === 'object')) return reply;
      const errors = (body.errors ?? [body.message]).map((e) => ({ id: 'arbitrary-error', message: String(e) }));
      return { ...reply, body: { message: 'Invalid Request', errors } };
    }
    case 'TranslationError':
      return { ...reply, body: { message: body.message, errors: (body.errors ?? [body.message]).map((e) => ({ message: problemText(e) })) } };
    case 'DeviceMessagingSyncError':
      return { ...reply, body: { error: body.message } };
    case 'DeviceMessagingTrackError': {
      // Problems of one event (`/events/2/...`) are listed with its index; others stay in `message`.
      const indexed = (body.errors ?? []).flatMap((e) => {
        const m = /^\/events\/(\d+)/.exec(problemText(e));
        return m ? [{ type: problemText(e), index: Number(m[1]) }] : [];
      });
      return { ...reply, body: { message: body.message, ...(indexed.length ? { errors: indexed } : {}) } };
    }
    default:
      return reply;
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const spec = new Spec(options.spec);
  const store = new Store();
  store.seededDataObjectTypes = structuredClone(options.dataObjectTypes ?? []);
  store.dataObjectLimits = { ...options.dataObjectLimits };
  store.reset();
  const limiter = new RateLimiter(options.rateLimit ?? { scale: 1 });
  const faults = options.faults ?? {};
  const roll = dice(faults.seed);
  const sockets = new Set<Socket>();

  const server = http.createServer(async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'emulator.local'}`);
    } catch {
      url = new URL(req.url ?? '/', 'http://emulator.local');
    }
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      if (url.pathname === '/__emulator/state' && method === 'GET') return send(res, { status: 200, body: snapshot(store) }, {});
      if (url.pathname === '/__emulator/reset' && method === 'POST') {
        store.reset();
        limiter.reset();
        return send(res, { status: 200, body: { message: 'reset' } }, {});
      }
      // The path as the spec writes it (`/templates/email/translations/` keeps its slash), else
      // without trailing slashes (`/users/track/` reaches `/users/track`).
      const matched = spec.match(method, url.pathname) ?? spec.match(method, url.pathname.replace(/\/+$/, '') || '/');
      if (!matched) {
        req.resume();
        return send(res, { status: 404, body: { message: `No operation ${method} ${url.pathname}` } }, {});
      }
      const { op, params } = matched;
      let limitHeaders: Record<string, string> = {};
      const answer = (reply: Reply) => {
        const shaped = shapeError(spec, op, reply);
        const wrong = options.checkResponses ? spec.checkResponse(op, shaped.status, shaped.body) : [];
        if (wrong.length) return send(res, { status: 500, body: { message: `Emulator answer breaks the spec: ${wrong.join('; ')}` } }, limitHeaders);
        send(res, shaped, limitHeaders);
      };

      // The key: missing gives 401. With `keys` or `clientKeys`, a key of the wrong kind or unknown
      // gives 401, and a missing permission 403 (401 where the operation documents no 403, as
      // Banner retrieval does).
      const auth = /^Bearer\s+(\S+)\s*$/i.exec(String(req.headers.authorization ?? ''));
      const key = auth?.[1];
      const configured = options.keys || options.clientKeys;
      const accepted = configured ? (op.clientSide ? options.clientKeys : options.keys) ?? {} : undefined;
      if (!key || (accepted && !Object.prototype.hasOwnProperty.call(accepted, key))) {
        req.resume();
        const kind = op.clientSide ? 'client-side REST API key' : 'API key';
        return answer({ status: 401, body: { message: key ? `Invalid ${kind}` : `Missing ${kind}: send it as \`Authorization: Bearer <key>\`` } });
      }
      const granted = accepted?.[key];
      if (granted && granted !== '*' && !granted.includes(op.permission)) {
        req.resume();
        const status = op.statuses.includes('403') ? 403 : 401;
        return answer({ status, body: { message: `Access denied: the key lacks the ${op.permission} permission` } });
      }

      const verdict = limiter.take(key, op.operationId, op.rateLimit);
      limitHeaders = verdict.headers;
      if (!verdict.allowed) {
        req.resume();
        return answer({ status: 429, body: { message: 'Too Many Requests' } });
      }

      if (faults.drop && roll() < faults.drop) return void req.socket.destroy();
      if (faults.error503 && roll() < faults.error503) {
        req.resume();
        return answer({ status: 503, body: { message: 'Service Unavailable (injected by the emulator)' } });
      }

      const raw = await readBody(req);
      if (raw === 'too-large') return answer({ status: 413, body: { message: 'Request Entity Too Large' } });
      let body: unknown;
      if (raw.length) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return answer(badRequest('Invalid request: the body is not valid JSON'));
        }
      }
      const paramProblems = spec.checkParameters(op, url.searchParams, params);
      if (paramProblems.length) return answer(badRequest(`Invalid request: ${paramProblems[0]}`, paramProblems));
      const route = routes[op.operationId];
      if (op.hasBody && !route?.ownValidation) {
        if (body === undefined) return answer(badRequest('Invalid request: a JSON body is required'));
        const problems = describeErrors(spec.checkBody(op, body));
        if (problems.length) return answer(badRequest(`Invalid request: ${problems[0]}`, problems));
      }


      const reply: Reply = route
        ? route.handle({ body: body ?? {}, query: url.searchParams, params, store, op, spec, url })
        : { status: op.successStatus, body: spec.example(op, op.successStatus) };

      if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
      if (faults.dropAfterProcessing && roll() < faults.dropAfterProcessing) return void req.socket.destroy();
      answer(reply);
    } catch (error) {
      if (res.headersSent) res.destroy();
      else send(res, { status: 500, body: { message: `Emulator error: ${(error as Error).message}` } }, {});
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    store,
    get state() {
      return snapshot(store);
    },
    reset() {
      store.reset();
      limiter.reset();
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
