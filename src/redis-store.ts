// The `braze-openapi/redis` entry: a rate-limit store in Redis, so that every process and machine
// that calls the same Braze workspace paces under one budget instead of one budget each.
//
// Why Redis and these scripts: Redis runs each Lua script atomically, so "count the requests of the
// window, and take one if there is room" is a single step for all processes; nothing home-made
// coordinates them. The clock is Redis's own (TIME), so machines whose clocks drift still agree.
//
// The count is the same sliding window the in-process budget uses (60 slots per window, the
// oldest slot counted whole): any stretch of time as long as the window holds at most `limit`
// starts, whatever the alignment of Braze's fixed windows. A fixed window of our own could only be
// aligned to Braze's up to the second (X-RateLimit-Reset is in whole seconds) and would then start
// up to twice the limit across a boundary.
//
// Client: the official `redis` package (node-redis), an optional peer dependency, loaded only when
// `redisStore({ url })` is used. It is the client Redis maintains; ioredis is in maintenance. An
// existing client can be passed instead (`redisStore({ client })`): node-redis (`sendCommand`) or
// ioredis (`call`).
import { createHash } from 'node:crypto';
import { SLOTS, type RateLimitStore, type StoreObservation } from './limiter.js';

/** Both scripts start the same way: Redis's clock in ms, and the budget's ARGV[1..3]. */
const PRELUDE = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local slots = tonumber(ARGV[3])
`;

/**
 * KEYS: slots hash, blocked-until key, unseen-requests key. ARGV: limit, windowMs, slots.
 * Returns 0 (taken) or ms to wait.
 */
export const TAKE_SCRIPT = `
${PRELUDE}local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > now then return blocked - now end
local slotMs = windowMs / slots
local current = math.floor(now / slotMs)
local h = redis.call('HGETALL', KEYS[1])
local used = tonumber(redis.call('GET', KEYS[3]) or '0')
local oldest = current
for i = 1, #h, 2 do
  local s = tonumber(h[i])
  local c = tonumber(h[i + 1])
  if not s then
    -- the 'reset' field, not a slot
  elseif s < current - slots then
    redis.call('HDEL', KEYS[1], h[i])
  elseif s <= current then
    used = used + c
    if c > 0 and s < oldest then oldest = s end
  end
end
if used < limit then
  redis.call('HINCRBY', KEYS[1], tostring(current), 1)
  redis.call('PEXPIRE', KEYS[1], math.ceil(windowMs * 2))
  return 0
end
local wait = math.ceil((oldest + 1 + slots) * slotMs - now)
local unseenTtl = redis.call('PTTL', KEYS[3])
if unseenTtl > 0 and unseenTtl < wait then wait = unseenTtl end
if wait < 1 then wait = 1 end
return wait
`;

/**
 * KEYS: slots hash, blocked-until key, unseen-requests key. ARGV: limit, windowMs, slots, remaining
 * (-1: not given), resetMs (-1: not given), refused (1 for a 429). Braze's word tightens the budget
 * of everyone:
 * - a remaining lower than what our count leaves means requests we did not send (other keys, other
 *   tools): they are counted as "unseen" until Braze's reset, when its window forgets them too;
 * - a 429 blocks every process until the reset.
 * A remaining of 0 that our own count explains blocks nothing: the sliding count already holds the
 * next start back until one of ours leaves the window, and Braze's reset, rounded up to the second,
 * would hold it longer than needed.
 */
export const OBSERVE_SCRIPT = `
${PRELUDE}local remaining = tonumber(ARGV[4])
local resetMs = tonumber(ARGV[5])
local refused = ARGV[6] == '1'
local slotMs = windowMs / slots
local current = math.floor(now / slotMs)
-- An answer from an older Braze window (its reset is before the newest reset seen) says nothing of
-- the current one.
local newest = tonumber(redis.call('HGET', KEYS[1], 'reset') or '0')
if resetMs > newest then redis.call('HSET', KEYS[1], 'reset', tostring(resetMs)) end
if remaining >= 0 and (resetMs < 0 or resetMs >= newest) then
  local h = redis.call('HGETALL', KEYS[1])
  local used = tonumber(redis.call('GET', KEYS[3]) or '0')
  for i = 1, #h, 2 do
    local s = tonumber(h[i])
    if s and s >= current - slots and s <= current then used = used + tonumber(h[i + 1]) end
  end
  -- Braze's fixed window and our sliding count cover slightly different stretches of time: only a
  -- gap over the tolerance is taken for requests of others.
  local unseen = limit - used - remaining - tonumber(ARGV[7])
  if unseen > 0 then
    local ttl = windowMs
    if resetMs > now then ttl = math.min(windowMs, resetMs - now) end
    redis.call('INCRBY', KEYS[3], unseen)
    redis.call('PEXPIRE', KEYS[3], math.ceil(ttl))
  end
end
if refused and resetMs > now then
  local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
  if resetMs > blocked then redis.call('SET', KEYS[2], tostring(resetMs), 'PX', math.ceil(resetMs - now + 1000)) end
end
return 0
`;

/** The part of a Redis client we use: node-redis's `sendCommand` or ioredis's `call`. */
export type RedisLike =
  | { sendCommand(args: string[]): Promise<unknown>; connect?: () => Promise<unknown>; isOpen?: boolean; quit?: () => Promise<unknown>; destroy?: () => void; disconnect?: () => unknown }
  | { call(...args: string[]): Promise<unknown>; quit?: () => Promise<unknown>; disconnect?: () => unknown };

export interface RedisStoreOptions {
  /** `redis://host:port` (the store connects with the `redis` package, installed by you). */
  url?: string;
  /** Or a connected client of your own (node-redis or ioredis); the store does not close it. */
  client?: RedisLike;
  /** First part of every key (default `braze-openapi`). */
  prefix?: string;
  /**
   * Names the workspace whose budget is shared. Default: the REST host and a short hash of the API
   * key (never the key), so keys of one workspace share a budget only when you name it here.
   */
  workspace?: string;
  /**
   * Added to each window, in ms (default 100): a request counted when it starts reaches Braze a
   * little later, and should not land in Braze's next window on top of that window's own.
   */
  marginMs?: number;
  /**
   * The part of a budget (default 0.05) by which Braze's X-RateLimit-Remaining may fall short of
   * our count before the gap is taken for requests of other clients of the workspace.
   */
  tolerance?: number;
  /** Longest wait for one Redis command, in ms (default 2,000); slower counts as Redis failing. */
  commandTimeoutMs?: number;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

class TimeoutError extends Error {
  code = 'ETIMEDOUT';
}

export function redisStore(options: RedisStoreOptions = {}): RateLimitStore {
  if (!options.url && !options.client) throw new TypeError('redisStore needs `url` or `client`');
  const prefix = options.prefix ?? 'braze-openapi';
  const commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
  const marginMs = options.marginMs ?? 100;
  const tolerance = options.tolerance ?? 0.05;
  const scripts = { take: { body: TAKE_SCRIPT, sha: sha1(TAKE_SCRIPT) }, observe: { body: OBSERVE_SCRIPT, sha: sha1(OBSERVE_SCRIPT) } };
  let client: RedisLike | undefined = options.client;
  let connecting: Promise<RedisLike> | undefined;
  let closed = false;
  const owned = !options.client;

  async function connect(): Promise<RedisLike> {
    if (client) return client;
    if (closed) throw new Error('this Redis store was closed');
    connecting ??= (async () => {
      let redis: any;
      try {
        const name = 'redis';
        redis = await import(name);
      } catch {
        throw new Error('redisStore({ url }) needs the `redis` package: npm install redis');
      }
      const created = redis.createClient({
        url: options.url,
        // Commands fail at once while the connection is down, so that the limiter can fall back
        // instead of queueing requests behind a dead server.
        disableOfflineQueue: true,
        socket: { connectTimeout: commandTimeoutMs, reconnectStrategy: (retries: number) => Math.min(1000, 50 * 2 ** retries) },
      });
      created.on('error', () => {
        // Errors surface on the commands; without a listener node-redis would crash the process.
      });
      try {
        await withTimeout(created.connect(), commandTimeoutMs);
      } catch (error) {
        // A client that never connected would go on reconnecting, and keep the process alive.
        forceClose(created);
        throw error;
      }
      if (closed) {
        forceClose(created);
        throw new Error('this Redis store was closed');
      }
      client = created;
      return created;
    })();
    try {
      return await connecting;
    } catch (error) {
      connecting = undefined;
      throw error;
    }
  }

  function forceClose(c: any): void {
    try {
      if (c.destroy) c.destroy();
      else c.disconnect?.();
    } catch {
      // already closed
    }
  }

  function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: ReturnType<typeof setTimeout>;
    return Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(`Redis did not answer within ${ms} ms`)), ms);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  async function command(args: string[]): Promise<unknown> {
    const c = await connect();
    const run = 'sendCommand' in c ? c.sendCommand(args) : c.call(...args);
    return withTimeout(run, commandTimeoutMs);
  }

  async function script(which: keyof typeof scripts, keys: string[], args: (string | number)[]): Promise<number> {
    const { body, sha } = scripts[which];
    const rest = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return Number(await command(['EVALSHA', sha, ...rest]));
    } catch (error) {
      if (!/NOSCRIPT/i.test(String((error as Error)?.message))) throw error;
      return Number(await command(['EVAL', body, ...rest]));
    }
  }

  function make(scope: string): RateLimitStore {
    // One hash tag per budget, so that both keys of a budget live on the same Redis Cluster slot.
    const keys = (group: string) => ['slots', 'blocked', 'unseen'].map((k) => `${prefix}:{${scope}:${group}}:${k}`);
    return {
      name: 'redis',
      bind({ baseUrl, apiKey }) {
        if (options.workspace) return make(options.workspace);
        return make(`${new URL(baseUrl).host}:${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`);
      },
      take(group, limit, windowMs) {
        return script('take', keys(group), [limit, windowMs + marginMs, SLOTS]);
      },
      async observe(group, limit, windowMs, seen: StoreObservation) {
        const args = [limit, windowMs + marginMs, SLOTS, seen.remaining ?? -1, seen.resetMs ?? -1, seen.refused ? 1 : 0, Math.floor(limit * tolerance)];
        await script('observe', keys(group), args);
      },
      async close() {
        closed = true;
        if (!owned || !client) return;
        const c = client as any;
        client = undefined;
        connecting = undefined;
        try {
          if (!c.isOpen && c.isOpen !== undefined) forceClose(c);
          else await withTimeout(c.close ? c.close() : c.quit ? c.quit() : Promise.resolve(c.disconnect?.()), 1_000);
        } catch {
          forceClose(c);
        }
      },
    };
  }

  return make(options.workspace ?? 'default');
}
