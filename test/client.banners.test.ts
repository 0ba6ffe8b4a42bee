// The Device Messaging API through the client, with an injected fetch: the client-side key goes
// only to the Banner operations, and a 429 is retried after X-RateLimit-Retry-After, which that
// API's rate-limit page asks to prefer over X-RateLimit-Reset.
import { describe, expect, it } from 'vitest';
import { BrazeRateLimitError, createBrazeClient } from '../src/index.js';

const body = { external_user_id: 'user-1', app_id: 'app-1', app_version: '1.0.0', placements: ['home_hero'] };
const ok = () => new Response(JSON.stringify({ banners: { home_hero: null } }), { status: 200, headers: { 'content-type': 'application/json' } });
const tooMany = (headers: Record<string, string>) => new Response(JSON.stringify({ error: 'Too many requests' }), { status: 429, headers: { 'content-type': 'application/json', ...headers } });
const inAnHour = () => String(Math.floor(Date.now() / 1000) + 3600);

function client(answers: (() => Response)[]) {
  const seen: string[] = [];
  const braze = createBrazeClient({
    apiKey: 'rest-key',
    clientKey: 'client-key',
    baseUrl: 'http://127.0.0.1:9',
    retry: { retries: 2, baseDelayMs: 1, maxRateLimitWaitMs: 5_000 },
    fetch: async (request: Request) => {
      seen.push(request.headers.get('authorization') ?? '');
      return answers.shift()!();
    },
  });
  return { braze, seen };
}

describe('Banner calls through the client', () => {
  it('send the client-side key', async () => {
    const { braze, seen } = client([ok]);
    expect(await braze.deviceMessaging.syncBanners(body)).toEqual({ banners: { home_hero: null } });
    expect(seen).toEqual(['Bearer client-key']);
  });
  it('a 429 is retried after X-RateLimit-Retry-After, even when X-RateLimit-Reset is further than the cap', async () => {
    const { braze, seen } = client([() => tooMany({ 'X-RateLimit-Retry-After': '0', 'X-RateLimit-Reset': inAnHour() }), ok]);
    expect(await braze.deviceMessaging.syncBanners(body)).toEqual({ banners: { home_hero: null } });
    expect(seen).toHaveLength(2);
  });
  it('without X-RateLimit-Retry-After, a reset further than the cap is a BrazeRateLimitError', async () => {
    const { braze, seen } = client([() => tooMany({ 'X-RateLimit-Reset': inAnHour() }), ok]);
    await expect(braze.deviceMessaging.syncBanners(body)).rejects.toBeInstanceOf(BrazeRateLimitError);
    expect(seen).toHaveLength(1);
  });
});
