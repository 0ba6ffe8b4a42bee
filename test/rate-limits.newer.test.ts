// The limits of Braze's newer rate-limit texts (reference includes/rate_limits.newer.md), as the
// operations' x-braze-rate-limit and as the client paces them:
// - /users/track: 3,000 per 3 s is the burst of contracts priced by data points; other contracts
//   set their own, and newer contracts allow 75 objects in total per request (legacy: 75 of each);
// - the three send endpoints: 250/min only with Connected Audience filters; named users count
//   against the shared 250,000/h budget of every operation without a limit of its own;
// - transactional email: no limit of its own, but it counts against that shared budget (a 429
//   past it), the package's hourly volume being an SLA, not a limit;
// - /sends/id/create: 100 per workspace per day (unchanged);
// - preference centers: 10/min to create or update, 1,000/min to read, per workspace (unchanged).
import { describe, expect, it } from 'vitest';
import { createBrazeClient, type OperationId } from '../src/index.js';
import { operation } from './helpers/spec.js';

const limit = (id: string) => operation(id).operation['x-braze-rate-limit'];
const braze = createBrazeClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });

describe('newer rate-limit texts', () => {
  it('/users/track: the 3,000 per 3 seconds burst, with the contract variants in the note', () => {
    expect(limit('users.track')).toMatchObject({ requests: 3000, windowSeconds: 3, group: 'users-track' });
    expect(limit('users.track').note).toMatch(/data points/);
    expect(limit('users.track').note).toMatch(/75 objects in total/);
    expect(limit('users.track').note).toMatch(/legacy/i);
  });

  it.each(['messages.send', 'campaigns.triggerSend', 'canvas.triggerSend'])('%s: the shared hourly budget, 250/min only with Connected Audience filters', (id) => {
    expect(limit(id)).toMatchObject({ requests: 250000, windowSeconds: 3600, group: 'default' });
    expect(limit(id).alternatives).toEqual([{ when: expect.stringMatching(/Connected Audience/), requests: 250, windowSeconds: 60, group: 'send-broadcast' }]);
    expect(braze.rateLimit(id as OperationId)).toMatchObject({ group: 'default', limit: 250000, windowSeconds: 3600 });
  });

  it('transactional email counts against the shared hourly budget: it is paced, no longer unlimited', () => {
    expect(limit('transactional.send')).toMatchObject({ requests: 250000, windowSeconds: 3600, group: 'default' });
    expect(limit('transactional.send').unlimited).toBeUndefined();
    expect(limit('transactional.send').note).toMatch(/SLA/);
    expect(braze.rateLimit('transactional.send')).toMatchObject({ group: 'default', limit: 250000 });
  });

  it('/sends/id/create: 100 per workspace per day', () => {
    expect(limit('sends.createId')).toMatchObject({ requests: 100, windowSeconds: 86400 });
  });

  it.each([
    ['preferenceCenter.create', 10],
    ['preferenceCenter.update', 10],
    ['preferenceCenter.list', 1000],
    ['preferenceCenter.get', 1000],
    ['preferenceCenter.getUrl', 1000],
  ] as const)('%s: %i per minute per workspace', (id, requests) => {
    expect(limit(id)).toMatchObject({ requests, windowSeconds: 60 });
    expect(limit(id).note).toMatch(/per workspace/i);
  });
});
