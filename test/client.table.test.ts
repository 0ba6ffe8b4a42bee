// The core client carries only the operationIds and their budgets (src/operations.ts); the full
// endpoint table loads on the first call. Nothing may change for the caller: every method exists,
// `rateLimit(id)` answers synchronously before any call, and the checks of the first call (path
// parameters, array limits, required fields) still refuse a bad request before anything is sent.
import { describe, expect, it } from 'vitest';
import { BrazeValidationError, createBrazeClient } from '../src/index.js';
import { DEFAULT_RATE_LIMIT, ENDPOINTS, type OperationId } from '../generated/endpoints.js';
import { budgetOf, loadedEndpoints, operationIds } from '../src/operations.js';

describe('the core part of the endpoint table', () => {
  it('lists every operation of the full table, with the same budget', () => {
    expect(operationIds).toEqual(Object.keys(ENDPOINTS));
    for (const id of operationIds) expect(budgetOf(id), id).toEqual((ENDPOINTS[id] as { rateLimit?: unknown }).rateLimit ?? DEFAULT_RATE_LIMIT);
    expect(budgetOf('users.nope')).toBeUndefined();
  });

  it('gives every method, rateLimit(id) synchronously, and refuses bad first calls unsent', async () => {
    let sent = 0;
    const fetch = async () => (sent++, new Response('{"message":"success"}', { status: 201, headers: { 'content-type': 'application/json' } }));
    const braze = createBrazeClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9', fetch });
    expect(loadedEndpoints()).toBeUndefined();
    for (const id of operationIds) {
      const [ns, method] = id.split('.');
      expect(typeof (braze as any)[ns][method], id).toBe('function');
    }
    expect(braze.rateLimit('users.track')).toMatchObject({ group: 'users-track', limit: 3000, windowSeconds: 3, available: 3000 });
    expect(braze.rateLimit('campaigns.list' as OperationId)).toMatchObject({ limit: 250000, windowSeconds: 3600 });
    expect(loadedEndpoints()).toBeUndefined();
    // The first call loads the table, then checks: an oversized batch, a path parameter that is
    // not one segment, a missing required field. None reaches fetch.
    const many = Array.from({ length: 76 }, (_, i) => ({ external_id: `u${i}` }));
    await expect(braze.users.track({ attributes: many })).rejects.toThrow(BrazeValidationError);
    const withPath = operationIds.find((id) => (ENDPOINTS[id] as { pathParams?: readonly string[] }).pathParams?.length)!;
    await expect(braze.call(withPath, { path: { [(ENDPOINTS[withPath] as any).pathParams[0]]: '../x' } } as never)).rejects.toThrow(/one segment/);
    await expect(braze.campaigns.duplicate({ name: 'copy' } as never)).rejects.toThrow(/body\.campaign_id is required/);
    expect(sent).toBe(0);
    expect(loadedEndpoints()).toBeTypeOf('function');
    await braze.users.track({ attributes: [{ external_id: 'u1' }] });
    expect(sent).toBe(1);
  });
});
