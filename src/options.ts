// The client's options: what they are, and the one check of them when a client is created
// (the base URL, the key's shape) and the User-Agent they make.
import { INSTANCES, type Instance } from '../generated/operations.js';
import { BrazeConfigError } from './errors.js';
import type { BrazeValidationWarning } from './validate.js';
import type { HookInfo, Logger, RetryOptions } from './retry.js';
import type { RateLimitStore, StoreOptions } from './limiter.js';
import { isNode } from './transport.js';

export interface BrazeClientOptions {
  /**
   * A REST API key of the workspace. Never logged, never put in an error. Every operation needs it
   * but the Device Messaging ones (`clientKey`) and SCIM (`scim`): a client made for those only may
   * leave it out, and then refuses any other operation before sending.
   */
  apiKey?: string;
  /** The workspace's instance (`US-01` ... `KR-01`: the keys of `INSTANCES`). Give this or `baseUrl`. */
  instance?: Instance;
  /** Another base URL (a proxy, a mock). Must be https, except on localhost. */
  baseUrl?: string;
  /** A fetch implementation (tests, proxies, other runtimes). Defaults to the global `fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /** For the SCIM operations: the SCIM token and the request origin registered with it. */
  scim?: { token: string; origin: string };
  /** For the Device Messaging API (`deviceMessaging.*`): a client-side REST API key. */
  clientKey?: string;
  /**
   * Default time limit of a call, in milliseconds (default 30 s): from the call to its result,
   * time queued by the rate limiter, waits for a rate-limit reset and retries included.
   */
  timeoutMs?: number;
  /**
   * Client-side pacing under each operation's documented rate limit (default on). `false` turns it
   * off; `{ overrides }` sets other numbers for a budget, e.g. a contract with other limits:
   * `{ overrides: { 'users-track': { requests: 1000, windowSeconds: 1 } } }`.
   */
  rateLimit?:
    | boolean
    | ({
        overrides?: Record<string, { requests: number; windowSeconds: number }>;
        /** A store shared by every process of the workspace, e.g. `redisStore({ url })` from `braze-openapi/redis`. */
        store?: RateLimitStore;
      } & Partial<Omit<StoreOptions, 'store'>>);
  /** Retry policy (see README); `false` turns retries off. */
  retry?: RetryOptions | false;
  /**
   * Check every request body before sending (default off), with validators that Ajv compiles from
   * the spec on an operation's first call (it needs `new Function`). `true`: a body Braze would refuse (it fails the tolerant view)
   * is a BrazeValidationError, and a part Braze accepts but the strict contract does not goes to
   * `onWarning`. `'strict'`: both are a BrazeValidationError.
   */
  validate?: boolean | 'strict';
  /** With `validate: true`: called once per warning (field, message, why), before sending. */
  onWarning?: (warning: BrazeValidationWarning) => void;
  /**
   * Who is calling, added to the User-Agent (`braze-openapi/0.1.0 node/20.20.0 my-app/1.2 (https://...)`).
   * `userAgent` adds a string of your own instead.
   */
  appInfo?: { name: string; version?: string; url?: string };
  userAgent?: string;
  /** Called before each attempt (retries included), with the operation, method, path and attempt. Never the key. */
  onRequest?: (info: HookInfo) => void;
  /** Called after each attempt with its status (or `error`), duration and rate-limit state. Never the key. */
  onResponse?: (info: HookInfo) => void;
  /** `includeBody: true` adds the request body to onRequest and the answer's text to onResponse. */
  hooks?: { includeBody?: boolean };
  /** Where retries and rate-limit give-ups are told (octokit's `log`): `{ debug, info, warn, error }`. Default: silent. */
  log?: Logger;
  /**
   * Node transport only (undici): an undici `Dispatcher` for every request (an `Agent` with custom
   * TLS or connection limits, a `ProxyAgent`, a `MockAgent`); it replaces our pools and any proxy.
   * By default HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured; `proxy` sets a proxy URL, or `false` none.
   */
  dispatcher?: { dispatch(options: any, handler: any): boolean };
  proxy?: string | false;
  /** Node transport only: stop reading an answer past this size, decoded (default 100 MB): a BrazeResponseError. */
  maxResponseBytes?: number;
}

/** The package's version, written here at release (test/client.identity.test.ts checks it against package.json). */
export const VERSION = '0.1.0';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Checks the options once; returns the base URL without its trailing slash. */
export function checkOptions(options: BrazeClientOptions): string {
  if (!options || typeof options !== 'object') throw new BrazeConfigError('createBrazeClient needs an options object: { apiKey, instance }');
  const { apiKey, instance, baseUrl } = options;
  // Without a REST key, a client may still call the operations of the credentials it was given.
  if (apiKey !== undefined || !(options.clientKey || options.scim)) {
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new BrazeConfigError('apiKey is missing or empty: pass the REST API key of your workspace as `apiKey` (or `clientKey` or `scim` for a client of those operations only)');
    }
    if (/\s/.test(apiKey)) throw new BrazeConfigError('apiKey contains white space: check how it was read (a trailing newline?)');
  }
  if (instance !== undefined && baseUrl !== undefined) throw new BrazeConfigError('pass either `instance` or `baseUrl`, not both');
  if (baseUrl === undefined) {
    if (instance === undefined) throw new BrazeConfigError(`instance is missing: pass one of ${Object.keys(INSTANCES).join(', ')} (or a baseUrl)`);
    if (!Object.hasOwn(INSTANCES, instance)) {
      throw new BrazeConfigError(`instance "${String(instance)}" is unknown: use one of ${Object.keys(INSTANCES).join(', ')}`);
    }
    return INSTANCES[instance];
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new BrazeConfigError(`baseUrl "${baseUrl}" is not a URL`);
  }
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    throw new BrazeConfigError(`baseUrl must use https (plain http is only allowed for localhost): ${url.origin}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BrazeConfigError(`baseUrl must be an http(s) URL: ${url.origin}`);
  if (url.username || url.password) throw new BrazeConfigError('baseUrl must not carry credentials');
  return url.href.replace(/\/+$/, '');
}

/** `braze-openapi/0.1.0 node/20.20.0 my-app/1.2 (https://...)`, without control characters (they would break the header). */
export function userAgent({ appInfo, userAgent: extra }: BrazeClientOptions): string {
  return `braze-openapi/${VERSION}${isNode() ? ` node/${process.versions.node}` : ''}${
    appInfo ? ` ${appInfo.name}${appInfo.version ? `/${appInfo.version}` : ''}${appInfo.url ? ` (${appInfo.url})` : ''}` : ''
  }${extra ? ` ${extra}` : ''}`.replace(/[\0-\x1f\x7f]/g, '');
}
