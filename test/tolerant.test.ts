// The two views (openapi/TOLERANT.md): the tolerant view is built from the strict contract by the
// overlay and lets through exactly what Braze is known to accept; everything that uses the rules
// (validateBody, the client's `validate`, the mock) tells an error (fails the tolerant view) from a
// warning (passes it, fails the strict contract).
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { operations, problems, requestValidator, spec, tolerantSpec, validatorAt } from './helpers/spec.js';
import { strictSpec as strictOf, tolerantSpec as tolerantOf, validateBody } from '../src/validation.js';
import { applyPatch, type PatchOperation } from '../src/views.js';
import { BrazeValidationError, createBrazeClient, type BrazeValidationWarning } from '../src/index.js';

const overlay = parse(readFileSync(new URL('../openapi/tolerant.overlay.yaml', import.meta.url), 'utf8'));
const table = readFileSync(new URL('../openapi/TOLERANT.md', import.meta.url), 'utf8');
const strictOk = (op: string, body: unknown) => problems(requestValidator(op), body).length === 0;
const tolerantOk = (op: string, body: unknown) => problems(requestValidator(op, 'tolerant'), body).length === 0;

describe('the overlay, its table and the built view stay in step', () => {
  const ids: string[] = [...new Set<string>(overlay.actions.map((a: any) => a['x-id']).filter((id: string) => id !== 'info'))].sort();
  const section = table.slice(table.indexOf('## Relaxations'), table.indexOf('## Rules kept'));
  const rows = [...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]).sort();
  it('one row of openapi/TOLERANT.md per relaxation of the overlay, and no other', () => {
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(rows).toEqual(ids);
  });
  it('every action carries its evidence and the warning it gives', () => {
    for (const action of overlay.actions.filter((a: any) => a['x-id'] !== 'info')) {
      expect(action.description?.length, action.target).toBeGreaterThan(40);
      expect(action['x-warning']?.length, action.target).toBeGreaterThan(10);
    }
  });
  it('the built view records what each relaxation loosened', () => {
    const recorded = tolerantSpec['x-braze-relaxations'] as { id: string; pointers: string[] }[];
    for (const id of ids) expect(recorded.filter((r) => r.id === id).flatMap((r) => r.pointers).length, id).toBeGreaterThan(0);
    expect(tolerantSpec.info['x-braze-view']).toBe('tolerant');
    expect(spec.info['x-braze-view']).toBeUndefined();
  });
  it('the views differ only where the overlay says: same paths, same operations', () => {
    expect(Object.keys(tolerantSpec.paths)).toEqual(Object.keys(spec.paths));
    expect(Object.keys(tolerantSpec.components.schemas)).toEqual(Object.keys(spec.components.schemas));
  });
});

describe('the tolerant view accepts everything the strict contract accepts', () => {
  // Opening a closed object is safe only when an alternative of an anyOf/oneOf is told apart by a
  // required key (or by its values): an open alternative with no required key would match almost
  // any object, making a oneOf ambiguous (refusing what the strict contract accepts) or an anyOf
  // vacuous. The few listed here differ by their values' types and enums, not their keys.
  it('no anyOf/oneOf alternative relies on being closed alone', () => {
    const allowed = new Set(['ScheduleObject/anyOf/0', 'ScheduleObject/anyOf/1', 'ApplePushActionButton/anyOf/0', 'ApplePushActionButton/anyOf/1', 'ApplePushObject/properties/alert/oneOf/1', 'ApplePushObject/anyOf/1/allOf/1/properties/alert/anyOf/1']);
    const look = (n: any): any => (n?.$ref ? look(spec.components.schemas[n.$ref.split('/').pop()]) : n);
    const found: string[] = [];
    const walk = (node: any, at: string) => {
      if (!node || typeof node !== 'object') return;
      for (const kw of ['anyOf', 'oneOf'])
        (node[kw] ?? []).forEach((branch: any, i: number) => {
          const b = look(branch);
          const closed = b && (b.additionalProperties === false || b.unevaluatedProperties === false);
          const keyed = b?.required?.length || b?.anyOf?.some((x: any) => x.required) || b?.oneOf;
          if (closed && !keyed) found.push(`${at}/${kw}/${i}`.replace(/^\//, ''));
        });
      for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object') walk(v, `${at}/${k}`);
    };
    for (const [name, schema] of Object.entries<any>(spec.components.schemas)) walk(schema, `/${name}`);
    expect(found.filter((f) => !allowed.has(f))).toEqual([]);
  });
  const examples = operations.flatMap((op) => {
    const media = op.operation.requestBody?.content?.['application/json'];
    if (!media) return [];
    const values = [media.example, ...Object.values<any>(media.examples ?? {}).map((e) => e.value)].filter((v) => v !== undefined);
    return values.map((value, i) => [`${op.operationId} #${i}`, op.operationId, value] as const);
  });
  it.each(examples)('%s request example', (_name, operationId, value) => {
    expect(strictOk(operationId, value)).toBe(true);
    expect(tolerantOk(operationId, value)).toBe(true);
  });
  it('every schema example too', () => {
    const withExample = Object.entries<any>(spec.components.schemas).filter(([, schema]) => schema.example !== undefined);
    // Guards the loop: a bundle that lost its schema examples would otherwise pass with no check.
    expect(withExample.length).toBeGreaterThan(50);
    for (const [name, schema] of withExample) {
      expect(problems(validatorAt(`/components/schemas/${name}`, 'tolerant'), schema.example), name).toEqual([]);
    }
  });
});

// Each case is traffic Braze answers 2xx: it passes the tolerant view, fails the strict contract,
// and validateBody turns it into warnings naming the field and the relaxation.
const scheduleUpdatePage = { campaign_id: 'campaign_identifier', schedule_id: 'schedule_identifier', schedule: { time: '2017-05-24T21:30:00Z', in_local_time: true } };
const accepted: Array<[string, string, unknown, string[]]> = [
  ['unknown-keys', 'users.track', { partner: 'RudderStack', attributes: [{ external_id: '456345345', email: '123@a.com', firstname: 'Mickey' }] }, ['body.partner']],
  ['empty-track-arrays', 'users.track', { attributes: [{ external_id: 'u1', first_name: 'Ada' }], events: [], purchases: [] }, ['body.events', 'body.purchases']],
  ['local-time-offset', 'campaigns.triggerScheduleUpdate', scheduleUpdatePage, ['body.schedule.time']],
  ['local-time-offset', 'canvas.triggerScheduleUpdate', { ...scheduleUpdatePage, campaign_id: undefined, canvas_id: 'canvas_identifier' }, ['body.schedule.time']],
  ['numeric-ids', 'users.track', { events: [{ external_id: 42, name: 'played_song', time: '2024-03-08T19:20:30Z' }], purchases: [{ external_id: 42, product_id: 'p', currency: 'USD', price: 1, time: '2024-03-08T19:20:30Z' }] }, ['body.events[0].external_id', 'body.purchases[0].external_id']],
  ['numeric-ids', 'messages.send', { external_user_ids: [42], messages: { sms: { subscription_group_id: 'sg', body: 'Hi', app_id: 'a' } } }, ['body.external_user_ids[0]']],
  ['numeric-ids', 'campaigns.triggerSend', { campaign_id: 'c1', recipients: [{ external_user_id: 42 }] }, ['body.recipients[0].external_user_id']],
  ['export-without-fields', 'users.exportSegment', { segment_id: 'segment_identifier', output_format: 'zip' }, ['body.fields_to_export']],
  ['export-without-fields', 'users.exportGlobalControlGroup', { output_format: 'zip' }, ['body.fields_to_export']],
  ['nested-dropped', 'users.track', { attributes: [{ external_id: 'u1', song: { genre: null } }] }, ['body.attributes[0].song.genre']],
  ['nested-dropped', 'users.track', { attributes: [{ external_id: 'u1', song: { first_played: { $time: 'last tuesday' } } }] }, ['body.attributes[0].song.first_played']],
  ['nested-dropped', 'users.track', { attributes: [{ external_id: 'u1', pets: { $add: [{ id: 5, born: { $time: null } }] } }] }, ['body.attributes[0].pets.$add[0].born.$time']],
  ['unknown-keys', 'users.trackSync', { events: [{ external_id: 'u1', name: 'played_song', time: '2024-03-08T19:20:30Z' }], not_a_field: [1, 2, 3] }, ['body.not_a_field']],
  ['unknown-keys', 'users.delete', { external_ids: ['u1'], not_a_field: [1, 2, 3] }, ['body.not_a_field']],
  ['unknown-keys', 'users.exportGlobalControlGroup', { fields_to_export: ['email'], not_a_field: [1, 2, 3] }, ['body.not_a_field']],
  ['update-without-merge', 'users.track', { attributes: [{ external_id: 'u1', pets: { $update: [{ $identifier_key: 'id', $identifier_value: 4, $new_object: { breed: 'goldfish' } }] } }] }, ['body.attributes[0]._merge_objects']],
];

describe('what Braze is known to accept: tolerant passes, strict fails, a warning says why', () => {
  it.each(accepted)('%s: %s', (rule, operationId, body, fields) => {
    expect(strictOk(operationId, body)).toBe(false);
    expect(tolerantOk(operationId, body)).toBe(true);
    const { errors, warnings } = validateBody(operationId, body);
    expect(errors).toEqual([]);
    for (const field of fields) {
      const warning = warnings.find((w) => w.field === field);
      expect(warning, `${field} in ${JSON.stringify(warnings)}`).toBeDefined();
      expect(warning!.rule).toBe(rule);
      expect(warning!.why.length).toBeGreaterThan(10);
    }
  });
});

describe('query parameters Braze clamps (data-objects-paging): tolerant passes, strict fails', () => {
  const ajv = new Ajv2020({ strict: false });
  const param = (doc: any, name: string) => ajv.compile(doc.components.parameters[name].schema);
  it.each([
    ['DataObjectsLimit', 1000],
    ['DataObjectsLimit', 0],
    ['DataObjectsOffset', -5],
  ] as const)('%s = %d', (name, value) => {
    expect(param(spec, name)(value)).toBe(false);
    expect(param(tolerantSpec, name)(value)).toBe(true);
  });
  it('a value that is not an integer stays an error in both views', () => {
    expect(param(tolerantSpec, 'DataObjectsLimit')('many')).toBe(false);
  });
});

describe('silent mistakes still fail the strict contract', () => {
  const event = { external_id: 'u1', name: 'played_song', time: '2024-03-08T19:20:30Z' };
  it.each([
    ['a misspelt top-level key', 'users.track', { attributes: [{ external_id: 'u1' }], evnts: [event] }, 'body.evnts'],
    ['a misspelt event key', 'users.track', { events: [{ ...event, propeties: { a: 1 } }] }, 'body.events[0].propeties'],
    ['a misspelt send key', 'campaigns.triggerSend', { campaign_id: 'c1', broadcast: true, trigger_propertie: {} }, 'body.trigger_propertie'],
  ] as const)('%s: a warning (Braze ignores the key)', (_what, operationId, body, field) => {
    expect(strictOk(operationId, body)).toBe(false);
    const { errors, warnings } = validateBody(operationId, body);
    expect(errors).toEqual([]);
    expect(warnings).toContainEqual(expect.objectContaining({ field, rule: 'unknown-keys', message: 'is not a documented field' }));
  });
  it.each([
    ['"broadcast": "false" (a non-empty string is true)', 'messages.send', { broadcast: 'false', segment_id: 's1', messages: { sms: { subscription_group_id: 'sg', body: 'Hi', app_id: 'a' } } }, 'body.broadcast'],
    ['{"inc": "1"}', 'users.track', { attributes: [{ external_id: 'u1', visits: { inc: '1' } }] }, 'body.attributes[0].visits.inc'],
    ['an event time that is no date', 'users.track', { events: [{ ...event, time: 'now' }] }, 'body.events[0].time'],
    ['an enum value Braze does not know', 'users.track', { attributes: [{ external_id: 'u1', email_subscribe: 'yes' }] }, 'body.attributes[0].email_subscribe'],
    // An unknown key passes minProperties/maxProperties: 1 without naming anything Braze reads:
    // each of these bodies must name one of the real keys, in both views.
    ['only an unknown key (/users/track/sync)', 'users.trackSync', { not_a_field: [1, 2, 3] }, 'body'],
    ['only an unknown key (/users/delete)', 'users.delete', { not_a_field: [1, 2, 3] }, 'body'],
    ['only an unknown key (/users/export/global_control_group)', 'users.exportGlobalControlGroup', { not_a_field: [1, 2, 3] }, 'body'],
    ['two kinds of identifier plus an unknown key (/users/delete)', 'users.delete', { external_ids: ['u1'], braze_ids: ['b1'], not_a_field: 1 }, 'body'],
    ['two objects plus an unknown key (/users/track/sync)', 'users.trackSync', { attributes: [{ external_id: 'u1' }], events: [{ external_id: 'u1', name: 'e', time: '2024-03-08T19:20:30Z' }], partner: 'x' }, 'body'],
    ['evnts alone (no object to process)', 'users.track', { evnts: [event] }, 'body'],
  ] as const)('%s: an error in both views', (_what, operationId, body, field) => {
    expect(strictOk(operationId, body)).toBe(false);
    expect(tolerantOk(operationId, body)).toBe(false);
    const { errors } = validateBody(operationId, body);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].field.startsWith(field), JSON.stringify(errors)).toBe(true);
  });
});

describe('rules JSON Schema cannot state are errors', () => {
  it('a nested custom attribute over 100 KB', () => {
    const big = { external_id: 'u1', history: Array.from({ length: 600 }, (_, i) => ({ id: i, note: 'x'.repeat(200) })) };
    expect(strictOk('users.track', { attributes: [big] })).toBe(true);
    const { errors } = validateBody('users.track', { attributes: [big] });
    expect(errors).toContainEqual(expect.objectContaining({ field: 'body.attributes[0].history', limit: 102400 }));
    expect(validateBody('users.track', { attributes: [{ ...big, history: big.history.slice(0, 100) }] }).errors).toEqual([]);
  });
  it('a clean body has neither errors nor warnings', () =>
    expect(validateBody('users.track', { attributes: [{ external_id: 'u1', first_name: 'Ada' }] })).toEqual({ errors: [], warnings: [] }));
});

describe("the client's validate modes", () => {
  let base = '';
  let received = 0;
  const server = http.createServer((req, res) => {
    received++;
    req.resume();
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end('{"message":"success"}');
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const client = (extra: object) => createBrazeClient({ apiKey: 'k', baseUrl: base, retry: false, rateLimit: false, ...extra });
  const partner = { partner: 'RudderStack', attributes: [{ external_id: 'u1' }] } as never;

  it('validate: true sends a body with warnings and hands each one to onWarning', async () => {
    const warnings: BrazeValidationWarning[] = [];
    received = 0;
    await client({ validate: true, onWarning: (w: BrazeValidationWarning) => warnings.push(w) }).users.track(partner);
    expect(received).toBe(1);
    expect(warnings).toEqual([expect.objectContaining({ operationId: 'users.track', field: 'body.partner', rule: 'unknown-keys' })]);
    expect(warnings[0].why).toMatch(/ignores/);
  });
  it("validate: 'strict' throws on a warning and sends nothing", async () => {
    received = 0;
    const error = await client({ validate: 'strict' }).users.track(partner).catch((e) => e);
    expect(error).toBeInstanceOf(BrazeValidationError);
    expect(error.field).toBe('body.partner');
    expect(error.message).toMatch(/not a documented field/);
    expect(received).toBe(0);
  });
  it('both modes throw on an error and send nothing', async () => {
    received = 0;
    for (const validate of [true, 'strict'] as const) {
      const error = await client({ validate, onWarning: () => {} }).messages.send({ broadcast: 'false', segment_id: 's1', messages: {} } as never).catch((e) => e);
      expect(error).toBeInstanceOf(BrazeValidationError);
      expect(error.field).toBe('body.broadcast');
    }
    expect(received).toBe(0);
  });
});

describe('the mock validates against the tolerant view', () => {
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${inject('mockUrl')}${path}`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, warning: res.headers.get('x-braze-openapi-warning'), body: await res.json() };
  };
  it('answers a warning with the normal 2xx and a header naming each warning', async () => {
    const answer = await post('/users/track', { partner: 'RudderStack', attributes: [{ external_id: 'u1' }], events: [] });
    expect(answer.status).toBe(201);
    expect(answer.warning).toMatch(/body\.partner is not a documented field; Braze ignores this key/);
    expect(answer.warning).toMatch(/body\.events must NOT have fewer than 1 items/);
  });
  it('answers an error with Braze 400 body', async () => {
    const answer = await post('/users/track', { attributes: [{ external_id: 'u1', visits: { inc: '1' } }] });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^Invalid request/);
  });
  it('answers a rule Prism cannot check (100 KB nested attribute) with a 400 naming the field', async () => {
    const history = Array.from({ length: 600 }, (_, i) => ({ id: i, note: 'x'.repeat(200) }));
    const answer = await post('/users/track', { attributes: [{ external_id: 'u1', history }] });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/body\.attributes\[0\]\.history is \d+ bytes/);
  });
  it('answers a nested null with 201 and a warning (Braze takes the request and drops the nested updates)', async () => {
    const answer = await post('/users/track', { attributes: [{ external_id: 'u1', song: { genre: null } }] });
    expect(answer.status).toBe(201);
    expect(answer.warning).toMatch(/body\.attributes\[0\]\.song\.genre [^;]*; Braze takes the request but drops every nested custom attribute update/);
  });
  it('answers a body naming no key Braze reads with a 400', async () => {
    const answer = await post('/users/delete', { not_a_field: [1, 2, 3] });
    expect(answer.status).toBe(400);
  });
  it('a clean body gets no warning header', async () => {
    const answer = await post('/users/track', { attributes: [{ external_id: 'u1', first_name: 'Ada' }] });
    expect(answer.status).toBe(201);
    expect(answer.warning).toBeNull();
  });
});

// Issue 15: rules.ts and validation.ts used to import each other. No module of src/ may be part of
// an import cycle (type-only imports included: they are a design smell even when erased).
describe('src/ has no import cycle', () => {
  it('following every relative import of every module never comes back to it', () => {
    const dir = new URL('../src/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    const deps = Object.fromEntries(
      files.map((f) => [f, [...readFileSync(new URL(f, dir), 'utf8').matchAll(/^(?:import|export)[^'"]*from '\.\/([\w-]+)\.js'/gm)].map((m) => `${m[1]}.ts`)]),
    );
    const cycles: string[] = [];
    const visit = (f: string, stack: string[]) => {
      if (stack.includes(f)) return void cycles.push([...stack.slice(stack.indexOf(f)), f].join(' -> '));
      for (const d of deps[f] ?? []) visit(d, [...stack, f]);
    };
    for (const f of files) visit(f, []);
    expect(deps['validation.ts']).toContain('rules.ts');
    expect(cycles).toEqual([]);
  });
});

describe('scripts/tolerant.mjs', () => {
  it('fails the build when an overlay action matches nothing (a renamed schema cannot drop a relaxation silently)', async () => {
    const { mkdtempSync, writeFileSync, copyFileSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'tolerant-'));
    copyFileSync(new URL('../generated/openapi.json', import.meta.url), join(dir, 'openapi.json'));
    const script = new URL('../scripts/tolerant.mjs', import.meta.url).pathname;
    const stale = { ...overlay, actions: [...overlay.actions, { 'x-id': 'gone', target: '$.components.schemas.NoSuchSchema.additionalProperties', description: 'x', 'x-warning': 'x', remove: true }] };
    writeFileSync(join(dir, 'stale.overlay.json'), JSON.stringify(stale));
    const failed = spawnSync(process.execPath, [script, dir, join(dir, 'stale.overlay.json')], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/NoSuchSchema.*matched nothing/);
    expect(existsSync(join(dir, 'openapi.tolerant.json'))).toBe(false);
    const ok = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'openapi.tolerant.json'), 'utf8'))).toEqual(tolerantSpec);
  }, 60_000);
});

describe('the package derives the tolerant view from openapi.json and a patch', () => {
  const read = (file: string) => JSON.parse(readFileSync(new URL(`../generated/${file}`, import.meta.url), 'utf8'));
  const patch = read('openapi.tolerant.patch.json') as PatchOperation[];

  it('generated/openapi.tolerant.patch.json applied to generated/openapi.json gives exactly generated/openapi.tolerant.json', () => {
    expect(patch.length).toBeGreaterThan(50);
    expect(new Set(patch.map((o) => o.op))).toEqual(new Set(['add', 'replace', 'remove']));
    const derived = applyPatch(read('openapi.json'), patch);
    const file = read('openapi.tolerant.json');
    expect(derived).toEqual(file);
    // Key order too: the view written by `braze-openapi spec` reads like the repository's file.
    expect(JSON.stringify(derived)).toBe(JSON.stringify(file));
  });

  it('is small next to the document it replaces', () => {
    expect(JSON.stringify(patch).length).toBeLessThan(JSON.stringify(tolerantSpec).length / 10);
  });

  it('tolerantSpec() and strictSpec() give a fresh copy of each view', () => {
    const first = tolerantOf();
    expect(first).toEqual(tolerantSpec);
    expect(strictOf()).toEqual(spec);
    first.components.schemas.UserAlias.additionalProperties = false;
    delete first.paths['/users/track'];
    expect(tolerantOf()).toEqual(tolerantSpec);
  });

  it('a patch that no longer fits its document fails instead of giving another view', () => {
    expect(() => applyPatch({ a: { b: 1 } }, [{ op: 'replace', path: '/a/c', value: 2 }])).toThrow(/no \/a\/c/);
    expect(() => applyPatch({ a: [1] }, [{ op: 'remove', path: '/a/1' }])).toThrow(/no \/a\/1/);
    expect(() => applyPatch({}, [{ op: 'add', path: '/x/y', value: 1 }])).toThrow(/no \/x\/y/);
    expect(applyPatch({ a: [1, 3], 'b/c': { '~d': 0 } }, [
      { op: 'add', path: '/a/1', value: 2 },
      { op: 'add', path: '/a/-', value: 4 },
      { op: 'replace', path: '/b~1c/~0d', value: 1 },
      { op: 'remove', path: '/a/0' },
    ])).toEqual({ a: [2, 3, 4], 'b/c': { '~d': 1 } });
  });

  it('the package exports no second document: the patch ships in dist/spec/', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['./openapi.tolerant.json']).toBeUndefined();
    expect(pkg.files).toContain('dist');
    // scripts/pack-files.mjs copies these generated/ files to dist/spec/.
    const line = readFileSync(new URL('../scripts/pack-files.mjs', import.meta.url), 'utf8').match(/^export const SPEC_FILES = (\[.*\]);$/m);
    const shipped = JSON.parse(line![1].replace(/'/g, '"'));
    expect(shipped).toContain('openapi.tolerant.patch.json');
    expect(shipped).not.toContain('openapi.tolerant.json');
  });
});
