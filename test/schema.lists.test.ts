// The documented rules of the Email List, SMS, Subscription Groups, Email Templates and Content
// Blocks tags, each proven by a value that passes and one that fails, plus a replay of every
// example request (bodies and query strings) and some example responses of Braze's reference
// pages. Docs examples are copied as they are; `{{placeholders}}` stay as literal strings.
import { describe, expect, it } from 'vitest';
import { expectBodyRejected, expectBodyValid, operation, problems, responseValidator, spec, validatorAt, validatorFor } from './helpers/spec.js';

const ok = expectBodyValid;
const badBecause = expectBodyRejected;
const times = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));
const emails = (n: number) => times(n, (i) => `user${i}@example.com`);
const phones = (n: number) => times(n, (i) => `+1415555${String(i).padStart(4, '0')}`);
const ids = (n: number) => times(n, (i) => `user-${i}`);

/** The parameter object of an operation, with a `$ref` to components/parameters resolved. */
function param(operationId: string, name: string): { param: any; pointer: string } {
  const op = operation(operationId);
  const list: any[] = op.operation.parameters ?? [];
  for (const [i, p] of list.entries()) {
    const real = p.$ref ? resolveRef(p.$ref) : p;
    if (real.name === name) {
      const pointer = p.$ref ? `${p.$ref.slice(1)}/schema` : `${op.pointer}/parameters/${i}/schema`;
      return { param: real, pointer };
    }
  }
  throw new Error(`${operationId} has no parameter ${name}`);
}
function resolveRef(ref: string): any {
  return ref
    .slice(2)
    .split('/')
    .reduce((node: any, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
}
const paramProblems = (op: string, name: string, value: unknown) => problems(validatorAt(param(op, name).pointer), value);
const paramOk = (op: string, name: string, value: unknown) => expect(paramProblems(op, name, value)).toEqual([]);
const paramBad = (op: string, name: string, value: unknown, keyword: string) => {
  const found = paramProblems(op, name, value);
  expect(found.some((p) => p.split(' ')[1] === keyword), `expected ${keyword} among ${JSON.stringify(found)}`).toBe(true);
};

/**
 * Replays a documented GET URL: every query parameter must be declared by the operation and its
 * value must validate (integers and booleans converted as a server does; `name[]` collects an
 * array), and every required parameter must be present.
 */
function replayQuery(operationId: string, url: string): string[] {
  const query = url.split('?')[1] ?? '';
  const values = new Map<string, unknown>();
  for (const pair of query.split('&').filter(Boolean)) {
    const [rawName, rawValue = ''] = pair.split('=');
    const name = decodeURIComponent(rawName);
    const value = decodeURIComponent(rawValue); // a literal `+` stays a plus, as the docs mean it
    if (name.endsWith('[]')) values.set(name, [...((values.get(name) as string[]) ?? []), value]);
    else values.set(name, value);
  }
  const found: string[] = [];
  for (const [name, raw] of values) {
    let p;
    try {
      p = param(operationId, name);
    } catch {
      found.push(`${name} is not a declared parameter`);
      continue;
    }
    const type = p.param.schema?.type ?? resolveRef(p.param.schema?.$ref ?? '#/x').type;
    const convert = (v: string) => (type === 'integer' && /^-?\d+$/.test(v) ? Number(v) : type === 'boolean' && /^(true|false)$/.test(v) ? v === 'true' : v);
    const value = Array.isArray(raw) ? raw : convert(raw as string);
    found.push(...problems(validatorAt(p.pointer), value).map((m) => `${name}: ${m}`));
  }
  const declared = (operation(operationId).operation.parameters ?? []).map((p: any) => (p.$ref ? resolveRef(p.$ref) : p));
  for (const p of declared) if (p.required && !values.has(p.name)) found.push(`${p.name} is required but missing`);
  return found;
}

describe('operation metadata', () => {
  const all = [
    'email.blacklist', 'email.blocklist', 'email.removeBounces', 'email.removeSpam', 'email.setStatus',
    'email.listHardBounces', 'email.listUnsubscribes', 'sms.listInvalidPhoneNumbers', 'sms.removeInvalidPhoneNumbers',
    'subscription.setStatus', 'subscription.setStatusV2', 'subscription.getStatus', 'subscription.getUserStatus',
    'templates.createEmail', 'templates.updateEmail', 'templates.listEmail', 'templates.getEmail',
    'contentBlocks.create', 'contentBlocks.update', 'contentBlocks.list', 'contentBlocks.get',
  ];
  it.each(all)('%s exists with a rate limit, a permission and an idempotency flag', (id) => {
    const op = operation(id).operation;
    expect(op['x-braze-rate-limit']).toBeTruthy();
    expect(typeof op['x-braze-permission']).toBe('string');
    expect(typeof op['x-braze-idempotent']).toBe('boolean');
  });
  it('the two subscription status setters share one 5,000/minute budget', () => {
    for (const id of ['subscription.setStatus', 'subscription.setStatusV2']) {
      expect(operation(id).operation['x-braze-rate-limit']).toMatchObject({ requests: 5000, windowSeconds: 60, group: 'subscription-status-set' });
    }
  });
  it.each(all.filter((id) => !id.startsWith('subscription.setStatus')))('%s uses the default 250,000/hour budget', (id) => {
    expect(operation(id).operation['x-braze-rate-limit']).toMatchObject({ requests: 250000, windowSeconds: 3600, group: 'default' });
  });
  it('only the create operations are not idempotent', () => {
    const notIdempotent = all.filter((id) => operation(id).operation['x-braze-idempotent'] === false);
    expect(notIdempotent.sort()).toEqual(['contentBlocks.create', 'templates.createEmail']);
  });
  it('/email/blacklist is deprecated in favour of /email/blocklist, which is not', () => {
    const blacklist = operation('email.blacklist');
    expect(blacklist.operation.deprecated).toBe(true);
    expect(blacklist.operation.description).toContain('/email/blocklist');
    expect(operation('email.blocklist').operation.deprecated).not.toBe(true);
    expect(operation('email.blocklist').operation['x-braze-permission']).toBe('email.blocklist');
  });
  it.each([
    ['email.listHardBounces', 'emails'],
    ['email.listUnsubscribes', 'emails'],
    ['sms.listInvalidPhoneNumbers', 'sms'],
    ['templates.listEmail', 'templates'],
    ['contentBlocks.list', 'content_blocks'],
    ['subscription.getUserStatus', 'subscription_groups'],
  ])('%s pages by offset/limit over %s', (id, itemsField) => {
    const op = operation(id);
    expect(op.operation['x-braze-pagination']).toMatchObject({ style: 'offset', offsetParam: 'offset', limitParam: 'limit', pageSize: 100, itemsField });
    expect(param(id, 'offset')).toBeTruthy();
    expect(param(id, 'limit')).toBeTruthy();
    const items = op.operation.responses['200'].content['application/json'].schema;
    expect(resolveRef(items.$ref).properties[itemsField].type).toBe('array');
  });
});

describe('email list bodies (blacklist, blocklist, bounce/remove, spam/remove)', () => {
  const ops = ['email.blacklist', 'email.blocklist', 'email.removeBounces', 'email.removeSpam'];
  it.each(ops)('%s accepts one address as a string', (op) => ok(op, { email: 'jane.doe@example.com' }));
  it.each(ops)('%s accepts 50 addresses', (op) => ok(op, { email: emails(50) }));
  it.each(ops)('%s rejects 51 addresses', (op) => badBecause(op, { email: emails(51) }, '/email maxItems'));
  it.each(ops)('%s rejects an empty list', (op) => badBecause(op, { email: [] }, '/email minItems'));
  it.each(ops)('%s rejects a body without email', (op) => badBecause(op, {}, '/ required'));
  it.each(ops)('%s rejects a misspelt key', (op) => badBecause(op, { emails: ['jane.doe@example.com'] }, '/ additionalProperties'));
  it('rejects an address with a space', () => badBecause('email.blocklist', { email: 'jane doe@example.com' }, '/email pattern'));
});

describe('email.setStatus', () => {
  it.each(['subscribed', 'unsubscribed', 'opted_in'])('accepts subscription_state %s', (state) =>
    ok('email.setStatus', { email: 'jane.doe@example.com', subscription_state: state }));
  it('rejects an unknown state', () =>
    badBecause('email.setStatus', { email: 'jane.doe@example.com', subscription_state: 'opted_out' }, '/subscription_state enum'));
  it('requires subscription_state', () => badBecause('email.setStatus', { email: 'jane.doe@example.com' }, '/ required'));
  it('accepts 50 addresses, rejects 51', () => {
    ok('email.setStatus', { email: emails(50), subscription_state: 'subscribed' });
    badBecause('email.setStatus', { email: emails(51), subscription_state: 'subscribed' }, '/email maxItems');
  });
});

describe('sms.removeInvalidPhoneNumbers', () => {
  it('accepts 50 numbers, rejects 51', () => {
    ok('sms.removeInvalidPhoneNumbers', { phone_numbers: phones(50) });
    badBecause('sms.removeInvalidPhoneNumbers', { phone_numbers: phones(51) }, '/phone_numbers maxItems');
  });
  it('rejects an empty list', () => badBecause('sms.removeInvalidPhoneNumbers', { phone_numbers: [] }, '/phone_numbers minItems'));
  it('takes an array, not a single string', () => badBecause('sms.removeInvalidPhoneNumbers', { phone_numbers: '+14155550123' }, '/phone_numbers type'));
  it('accepts E.164 with or without the plus (Braze examples leave it out)', () =>
    ok('sms.removeInvalidPhoneNumbers', { phone_numbers: ['+14155550123', '14155550123'] }));
  it.each(['415-555-0123', '+0123456789', '+1234567890123456', '+1'])('rejects %s', (number) =>
    badBecause('sms.removeInvalidPhoneNumbers', { phone_numbers: [number] }, '/phone_numbers/0 pattern'));
  it('rejects the documented typo phone_number', () =>
    badBecause('sms.removeInvalidPhoneNumbers', { phone_number: ['+14155550123'] }, '/ additionalProperties'));
});

describe('subscription.setStatus (v1)', () => {
  const base = { subscription_group_id: 'sg-1', subscription_state: 'subscribed' };
  it('accepts external_id alone, as a string or a list', () => {
    ok('subscription.setStatus', { ...base, external_id: 'user-1' });
    ok('subscription.setStatus', { ...base, external_id: ids(50) });
  });
  it('accepts email alone and phone alone', () => {
    ok('subscription.setStatus', { ...base, email: 'jane.doe@example.com' });
    ok('subscription.setStatus', { ...base, phone: ['+14155550123'] });
  });
  it('accepts external_id together with email', () => ok('subscription.setStatus', { ...base, external_id: 'u1', email: ['a@example.com'] }));
  it('rejects email together with phone', () =>
    badBecause('subscription.setStatus', { ...base, email: 'a@example.com', phone: '+14155550123' }, '/ oneOf'));
  it('rejects email together with phone even with an external_id', () =>
    badBecause('subscription.setStatus', { ...base, external_id: 'u1', email: 'a@example.com', phone: '+14155550123' }, '/ oneOf'));
  it('rejects a request naming no user', () => badBecause('subscription.setStatus', base, '/ oneOf'));
  it('rejects 51 external_ids, emails or phones', () => {
    badBecause('subscription.setStatus', { ...base, external_id: ids(51) }, '/external_id maxItems');
    badBecause('subscription.setStatus', { ...base, email: emails(51) }, '/email maxItems');
    badBecause('subscription.setStatus', { ...base, phone: phones(51) }, '/phone maxItems');
  });
  it('accepts 50 phones', () => ok('subscription.setStatus', { ...base, phone: phones(50) }));
  it('requires E.164 phone numbers with the plus', () => {
    badBecause('subscription.setStatus', { ...base, phone: ['14155550123'] }, '/phone/0 pattern');
    badBecause('subscription.setStatus', { ...base, phone: '+04155550123' }, '/phone pattern');
  });
  it('allows only subscribed and unsubscribed (no opted_in in groups)', () =>
    badBecause('subscription.setStatus', { ...base, subscription_state: 'opted_in', external_id: 'u1' }, '/subscription_state enum'));
  it('requires subscription_group_id', () =>
    badBecause('subscription.setStatus', { subscription_state: 'subscribed', external_id: 'u1' }, '/ required'));
  it('rejects the v2 key external_ids', () =>
    badBecause('subscription.setStatus', { ...base, external_id: 'u1', external_ids: ['u1'] }, '/ unevaluatedProperties'));
});

describe('subscription.setStatusV2', () => {
  const group = { subscription_group_id: 'sg-1', subscription_state: 'unsubscribed' };
  it('accepts external_ids, emails or phones alone', () => {
    ok('subscription.setStatusV2', { subscription_groups: [{ ...group, external_ids: ids(50) }] });
    ok('subscription.setStatusV2', { subscription_groups: [{ ...group, emails: emails(50) }] });
    ok('subscription.setStatusV2', { subscription_groups: [{ ...group, phones: phones(50), use_double_opt_in_logic: true }] });
  });
  it('rejects emails together with phones in one entry', () =>
    badBecause('subscription.setStatusV2', { subscription_groups: [{ ...group, emails: ['a@example.com'], phones: ['+14155550123'] }] }, '/subscription_groups/0 oneOf'));
  it('rejects an entry naming no user', () => badBecause('subscription.setStatusV2', { subscription_groups: [group] }, '/subscription_groups/0 oneOf'));
  it('rejects 51 users in one entry', () => {
    badBecause('subscription.setStatusV2', { subscription_groups: [{ ...group, external_ids: ids(51) }] }, '/subscription_groups/0/external_ids maxItems');
    badBecause('subscription.setStatusV2', { subscription_groups: [{ ...group, emails: emails(51) }] }, '/subscription_groups/0/emails maxItems');
    badBecause('subscription.setStatusV2', { subscription_groups: [{ ...group, phones: phones(51) }] }, '/subscription_groups/0/phones maxItems');
  });
  it('takes external_ids as a list only', () =>
    badBecause('subscription.setStatusV2', { subscription_groups: [{ ...group, external_ids: 'u1' }] }, '/subscription_groups/0/external_ids type'));
  it('requires E.164 phones', () =>
    badBecause('subscription.setStatusV2', { subscription_groups: [{ ...group, phones: ['4155550123'] }] }, '/subscription_groups/0/phones/0 pattern'));
  it('rejects the v1 singular keys', () =>
    badBecause('subscription.setStatusV2', { subscription_groups: [{ ...group, external_ids: ['u1'], email: 'a@example.com' }] }, '/subscription_groups/0 unevaluatedProperties'));
  it('takes use_double_opt_in_logic as a boolean', () =>
    badBecause('subscription.setStatusV2', { subscription_groups: [{ ...group, phones: ['+14155550123'], use_double_opt_in_logic: 'yes' }] }, '/subscription_groups/0/use_double_opt_in_logic type'));
  it('rejects an empty subscription_groups list', () => badBecause('subscription.setStatusV2', { subscription_groups: [] }, '/subscription_groups minItems'));
  it('rejects opted_in', () =>
    badBecause('subscription.setStatusV2', { subscription_groups: [{ ...group, subscription_state: 'opted_in', external_ids: ['u1'] }] }, '/subscription_groups/0/subscription_state enum'));
});

describe('email templates', () => {
  const full = { template_name: 'spring', subject: 'Hi', body: '<p>Hi</p>' };
  it('create requires template_name, subject and body', () => {
    ok('templates.createEmail', full);
    for (const key of Object.keys(full)) {
      const { [key]: _, ...rest } = full as Record<string, string>;
      badBecause('templates.createEmail', rest, '/ required');
    }
  });
  it('create takes tags as a list of strings', () => {
    ok('templates.createEmail', { ...full, tags: ['newsletter'] });
    badBecause('templates.createEmail', { ...full, tags: 'newsletter' }, '/tags type');
  });
  it('create takes should_inline_css as a boolean, not a string', () => {
    ok('templates.createEmail', { ...full, should_inline_css: false });
    badBecause('templates.createEmail', { ...full, should_inline_css: 'true' }, '/should_inline_css type');
  });
  it('create rejects unknown fields', () => badBecause('templates.createEmail', { ...full, title: 'x' }, '/ unevaluatedProperties'));
  it('update needs email_template_id and at least one field to change', () => {
    ok('templates.updateEmail', { email_template_id: 't1', subject: 'New' });
    badBecause('templates.updateEmail', { email_template_id: 't1' }, '/ minProperties');
    badBecause('templates.updateEmail', { subject: 'New', body: 'x' }, '/ required');
  });
  it('update rejects unknown fields', () => badBecause('templates.updateEmail', { email_template_id: 't1', subjet: 'New' }, '/ unevaluatedProperties'));
});

describe('content blocks', () => {
  const base = { name: 'spring_footer', content: '<p>Hi</p>' };
  it('create requires name and content', () => {
    ok('contentBlocks.create', base);
    badBecause('contentBlocks.create', { name: 'x' }, '/ required');
    badBecause('contentBlocks.create', { content: 'x' }, '/ required');
  });
  it.each(['spring-footer_2', 'ABC123'])('accepts the name %s', (name) => ok('contentBlocks.create', { ...base, name }));
  it.each(['spring footer', 'footer!', 'café', 'promo@home', 'sale🎉'])('rejects the name %s', (name) =>
    badBecause('contentBlocks.create', { ...base, name }, '/name pattern'));
  it('names must be shorter than 100 characters', () => {
    ok('contentBlocks.create', { ...base, name: 'a'.repeat(99) });
    badBecause('contentBlocks.create', { ...base, name: 'a'.repeat(100) }, '/name maxLength');
  });
  it('descriptions must be shorter than 250 characters and not blank', () => {
    ok('contentBlocks.create', { ...base, description: 'd'.repeat(249) });
    badBecause('contentBlocks.create', { ...base, description: 'd'.repeat(250) }, '/description maxLength');
    badBecause('contentBlocks.create', { ...base, description: '' }, '/description minLength');
  });
  it('content cannot be blank or 50 KB long', () => {
    badBecause('contentBlocks.create', { ...base, content: '' }, '/content minLength');
    badBecause('contentBlocks.create', { ...base, content: 'x'.repeat(51200) }, '/content maxLength');
  });
  it.each(['active', 'draft'])('accepts state %s', (state) => ok('contentBlocks.create', { ...base, state }));
  it('rejects other states', () => badBecause('contentBlocks.create', { ...base, state: 'archived' }, '/state enum'));
  it('update requires content_block_id, the rest is optional', () => {
    ok('contentBlocks.update', { content_block_id: 'cb1', state: 'active' });
    badBecause('contentBlocks.update', { name: 'x' }, '/ required');
  });
  it('update applies the same name rule', () =>
    badBecause('contentBlocks.update', { content_block_id: 'cb1', name: 'no spaces allowed' }, '/name pattern'));
  it('rejects unknown fields', () => badBecause('contentBlocks.update', { content_block_id: 'cb1', status: 'draft' }, '/ unevaluatedProperties'));
});

describe('list query parameters', () => {
  it.each(['email.listHardBounces', 'email.listUnsubscribes', 'sms.listInvalidPhoneNumbers'])('%s: limit is 1 to 500', (op) => {
    paramOk(op, 'limit', 500);
    paramBad(op, 'limit', 501, 'maximum');
    paramBad(op, 'limit', 0, 'minimum');
    paramBad(op, 'limit', 2.5, 'type');
  });
  it.each(['templates.listEmail', 'contentBlocks.list'])('%s: limit is 1 to 1000', (op) => {
    paramOk(op, 'limit', 1000);
    paramBad(op, 'limit', 1001, 'maximum');
    paramBad(op, 'limit', 0, 'minimum');
  });
  it('subscription.getUserStatus: limit is 1 to 100', () => {
    paramOk('subscription.getUserStatus', 'limit', 100);
    paramBad('subscription.getUserStatus', 'limit', 101, 'maximum');
  });
  it.each(['email.listHardBounces', 'email.listUnsubscribes', 'sms.listInvalidPhoneNumbers', 'templates.listEmail', 'contentBlocks.list', 'subscription.getUserStatus'])(
    '%s: offset is a non-negative integer',
    (op) => {
      paramOk(op, 'offset', 0);
      paramBad(op, 'offset', -1, 'minimum');
    },
  );
  it.each(['email.listHardBounces', 'email.listUnsubscribes', 'sms.listInvalidPhoneNumbers'])('%s: dates are YYYY-MM-DD', (op) => {
    for (const name of ['start_date', 'end_date']) {
      paramOk(op, name, '2024-02-29');
      paramBad(op, name, '02/29/2024', 'format');
      paramBad(op, name, '2024-02-30', 'format');
      paramBad(op, name, '2024-02-29T00:00:00Z', 'format');
    }
  });
  it.each(['email.listHardBounces', 'email.listUnsubscribes'])('%s: end_date is required', (op) => {
    expect(param(op, 'end_date').param.required).toBe(true);
    expect(param(op, 'start_date').param.required).toBe(false);
  });
  it('unsubscribes: sort_direction is asc or desc', () => {
    paramOk('email.listUnsubscribes', 'sort_direction', 'asc');
    paramBad('email.listUnsubscribes', 'sort_direction', 'newest', 'enum');
  });
  it('invalid phone numbers: reason is provider_error or deactivated', () => {
    paramOk('sms.listInvalidPhoneNumbers', 'reason', 'deactivated');
    paramBad('sms.listInvalidPhoneNumbers', 'reason', 'landline', 'enum');
  });
  it('invalid phone numbers: phone_numbers[] holds phone numbers', () => {
    paramOk('sms.listInvalidPhoneNumbers', 'phone_numbers[]', ['+14155550123', '12345678901']);
    paramBad('sms.listInvalidPhoneNumbers', 'phone_numbers[]', ['call me'], 'pattern');
  });
  it.each(['templates.listEmail', 'contentBlocks.list'])('%s: modified_after/before are ISO 8601', (op) => {
    for (const name of ['modified_after', 'modified_before']) {
      paramOk(op, name, '2020-01-01T01:01:01.000000');
      paramOk(op, name, '2024-03-01T10:00:00+01:00');
      paramBad(op, name, 'last week', 'pattern');
      paramBad(op, name, '01/01/2020', 'pattern');
    }
  });
  it('content block info: include_inclusion_data is a boolean', () => {
    paramOk('contentBlocks.get', 'include_inclusion_data', false);
    paramBad('contentBlocks.get', 'include_inclusion_data', 'yes', 'type');
  });
});

describe('subscription query identifiers', () => {
  const ops = ['subscription.getStatus', 'subscription.getUserStatus'];
  it.each(ops)('%s: the [] list forms hold at most 50', (op) => {
    paramOk(op, 'external_id[]', ids(50));
    paramBad(op, 'external_id[]', ids(51), 'maxItems');
    paramOk(op, 'email[]', emails(50));
    paramBad(op, 'email[]', emails(51), 'maxItems');
    paramOk(op, 'phone[]', phones(50));
    paramBad(op, 'phone[]', phones(51), 'maxItems');
  });
  it.each(ops)('%s: phone is E.164 with the plus', (op) => {
    paramOk(op, 'phone', '+11112223333');
    paramBad(op, 'phone', '11112223333', 'pattern');
    paramBad(op, 'phone[]', ['555-0100'], 'pattern');
  });
  it.each(ops)('%s: bracketed parameters stay optional for the mock server', (op) => {
    for (const name of ['external_id[]', 'email[]', 'phone[]']) expect(param(op, name).param.required).toBe(false);
  });
  it('getStatus requires subscription_group_id', () => expect(param('subscription.getStatus', 'subscription_group_id').param.required).toBe(true));
});

describe("replay of the example requests on Braze's reference pages", () => {
  it.each([
    ['email.blacklist', { email: ['blacklist_email1', 'blacklist_email2'] }],
    ['email.blocklist', { email: ['blacklist_email1', 'blacklist_email2'] }],
    ['email.removeBounces', { email: 'example@braze.com' }],
    ['email.removeSpam', { email: 'example@braze.com' }],
    ['email.setStatus', { email: 'example@braze.com', subscription_state: 'subscribed' }],
    ['sms.removeInvalidPhoneNumbers', { phone_numbers: ['12183095514', '14255551212'] }],
    ['subscription.setStatus', { subscription_group_id: 'subscription_group_identifier', subscription_state: 'unsubscribed', external_id: 'external_identifier', email: ['example1@email.com', 'example2@email.com'] }],
    ['subscription.setStatus', { subscription_group_id: 'subscription_group_identifier', subscription_state: 'unsubscribed', external_id: 'external_identifier', phone: ['+12223334444', '+11112223333'] }],
    ['subscription.setStatusV2', { subscription_groups: [
      { subscription_group_id: 'subscription_group_identifier', subscription_state: 'subscribed', external_ids: ['example-user', 'example1@email.com'] },
      { subscription_group_id: 'subscription_group_identifier', subscription_state: 'subscribed', external_ids: ['example-user', 'example1@email.com'] },
    ] }],
    ['subscription.setStatusV2', { subscription_groups: [{ subscription_group_id: 'subscription_group_identifier', subscription_state: 'subscribed', emails: ['example1@email.com', 'example2@email.com'] }] }],
    ['subscription.setStatusV2', { subscription_groups: [{ subscription_group_id: 'subscription_group_identifier', subscription_state: 'subscribed', phones: ['+12223334444', '+15556667777'] }] }],
    ['templates.createEmail', {
      template_name: 'email_template_name',
      subject: 'Welcome to my email template!',
      body: 'This is the text within my email body and https://www.braze.com/ here is a link to Braze.com.',
      plaintext_body: 'This is the text within my email body and here is a link to https://www.braze.com/.',
      preheader: 'My preheader is pretty cool.',
      tags: ['Tag1', 'Tag2'],
    }],
    ['templates.updateEmail', {
      email_template_id: 'email_template_id',
      template_name: 'Weekly Newsletter',
      subject: "This Week's Styles",
      body: "Check out this week's digital lookbook to inspire your outfits. Take a look at https://www.braze.com/",
      plaintext_body: 'This is the updated text within my email body and here is a link to https://www.braze.com/.',
      preheader: 'We want you to have the best looks this summer',
      tags: ['Tag1', 'Tag2'],
    }],
    ['contentBlocks.create', { name: 'content_block', description: 'This is my Content Block', content: 'HTML content within block', state: 'draft', tags: ['marketing'] }],
    ['contentBlocks.update', { content_block_id: 'content_block_id', name: 'content_block', description: 'This is my Content Block', content: 'HTML or text content within block', state: 'draft', tags: ['marketing'] }],
  ] as const)('%s body %#', (op, body) => ok(op, body));

  it.each([
    ['email.listHardBounces', '/email/hard_bounces?start_date=2019-01-01&end_date=2019-02-01&limit=100&offset=1'],
    ['email.listUnsubscribes', '/email/unsubscribes?start_date=2020-01-01&end_date=2020-02-01&limit=1&offset=1&sort_direction=desc&email=example@braze.com'],
    ['sms.listInvalidPhoneNumbers', '/sms/invalid_phone_numbers?start_date=2019-01-01&end_date=2019-02-01&limit=100&offset=1&phone_numbers[]=12345678901'],
    ['subscription.getStatus', '/subscription/status/get?subscription_group_id={{subscription_group_id}}&external_id[]=1&external_id[]=2'],
    ['subscription.getStatus', '/subscription/status/get?subscription_group_id={{subscription_group_id}}&phone=+11112223333'],
    ['subscription.getStatus', '/subscription/status/get?subscription_group_id={{subscription_group_id}}&email=example@braze.com'],
    ['subscription.getUserStatus', '/subscription/user/status?external_id[]=1&external_id[]=2'],
    ['subscription.getUserStatus', '/subscription/user/status?external_id={{external_id}}&limit=100&offset=1&phone=+11112223333'],
    ['subscription.getUserStatus', '/subscription/user/status?external_id={{external_id}}&email=example@braze.com&limit=100&offset=0'],
    ['templates.listEmail', '/templates/email/list?modified_after=2020-01-01T01:01:01.000000&modified_before=2020-02-01T01:01:01.000000&limit=1&offset=0'],
    ['templates.getEmail', '/templates/email/info?email_template_id={{email_template_id}}'],
    ['contentBlocks.list', '/content_blocks/list?modified_after=2020-01-01T01:01:01.000000&modified_before=2020-02-01T01:01:01.000000&limit=100&offset=1'],
    ['contentBlocks.get', '/content_blocks/info?content_block_id={{content_block_id}}&include_inclusion_data=false'],
  ])('%s %s', (op, url) => expect(replayQuery(op, url)).toEqual([]));

  it('the replay catches an undeclared or invalid query parameter', () => {
    expect(replayQuery('email.listHardBounces', '/email/hard_bounces?end_date=2019-02-01&limit=501')).not.toEqual([]);
    expect(replayQuery('email.listHardBounces', '/email/hard_bounces?end_date=2019-02-01&page=2')).not.toEqual([]);
    expect(replayQuery('email.listHardBounces', '/email/hard_bounces?start_date=2019-01-01')).not.toEqual([]);
  });
});

describe("example responses on Braze's reference pages", () => {
  it('subscription status map', () => {
    const validate = responseValidator('subscription.getStatus', '200');
    expect(problems(validate, { status: { '1': 'Unsubscribed', '2': 'Subscribed' }, message: 'success' })).toEqual([]);
    expect(problems(validate, { status: { '1': 'maybe' }, message: 'success' })).not.toEqual([]);
  });
  it("a user's subscription groups", () => {
    const validate = responseValidator('subscription.getUserStatus', '200');
    expect(problems(validate, {
      success: true,
      subscription_groups: [
        { subscription_group_id: 'group_id_1', subscription_status: 'subscribed' },
        { subscription_group_id: 'group_id_2', subscription_status: 'unsubscribed' },
      ],
    })).toEqual([]);
  });
  it('template and Content Block creation', () => {
    expect(problems(responseValidator('templates.createEmail', '201'), { email_template_id: '232b6d29-7e41-4106-a0ab-1c4fe915d701', message: 'success' })).toEqual([]);
    expect(problems(validatorFor('ContentBlockSaveResponse'), { content_block_id: 'cb1', liquid_tag: '{{content_blocks.${x}}}', created_at: '2024-03-05T12:00:41Z', message: 'success' })).toEqual([]);
  });
  it('responses stay open to new fields', () => {
    expect(problems(responseValidator('email.listHardBounces', '200'), { message: 'success', emails: [], next_page: 'x' })).toEqual([]);
  });
});
