// The rules encoded for the Send Messages, Schedule Messages and Live Activity operations and for
// the messaging objects they share: for each, a body that must pass and one that must fail on that
// very rule. Every request example printed on Braze's reference pages is replayed as well: the
// well-formed ones must validate; the ones that break the rules Braze states on the same pages (or
// hold unfilled placeholders) must fail on exactly those points, and a repaired copy must pass.
import { describe, expect, it } from 'vitest';
import { operation, problems, requestValidator, responseValidator, validatorAt, validatorFor } from './helpers/spec.js';

type Validator = ReturnType<typeof requestValidator>;
const passes = (v: Validator, body: unknown) => expect(problems(v, body)).toEqual([]);
/** Fails, and one problem is `keyword` (at `path` when given), so the right rule fired. */
const failsOn = (v: Validator, body: unknown, keyword: string, path?: string) => {
  const found = problems(v, body);
  const hit = found.some((p) => {
    const [where, kw] = p.split(' ');
    return kw === keyword && (path === undefined || where === path);
  });
  expect(hit, `expected "${keyword}"${path ? ` at ${path}` : ''}, got ${JSON.stringify(found)}`).toBe(true);
};
const schema = (name: string) => validatorFor(name);
const queryParam = (operationId: string, name: string) => {
  const op = operation(operationId);
  const i = (op.operation.parameters ?? []).findIndex((p: any) => p.name === name);
  if (i < 0) throw new Error(`${operationId} has no parameter ${name}`);
  return { param: op.operation.parameters[i], validate: validatorAt(`${op.pointer}/parameters/${i}/schema`) };
};

const user = (i: number) => ({ external_user_id: `user-${i}` });
const fifty = Array.from({ length: 50 }, (_, i) => user(i));
const fiftyOne = Array.from({ length: 51 }, (_, i) => user(i));
const alias = { alias_name: 'cust-8842', alias_label: 'crm_id' };
const schedule = { time: '2025-03-20T14:00:00Z' };

// --- Recipients --------------------------------------------------------------------------------

const recipientOps = [
  ['campaigns.triggerSend', { campaign_id: 'c-1' }],
  ['canvas.triggerSend', { canvas_id: 'cv-1' }],
  ['campaigns.triggerScheduleCreate', { campaign_id: 'c-1', schedule }],
  ['canvas.triggerScheduleCreate', { canvas_id: 'cv-1', schedule }],
] as const;

describe('recipients of the triggered sends and schedules', () => {
  describe.each(recipientOps)('%s', (operationId, base) => {
    const v = () => requestValidator(operationId);
    it('accepts 50 recipients', () => passes(v(), { ...base, recipients: fifty }));
    it('rejects more than 50 recipients', () => failsOn(v(), { ...base, recipients: fiftyOne }, 'maxItems', '/recipients'));
    it('accepts each identifier alone', () => {
      for (const r of [{ external_user_id: 'u-1' }, { user_alias: alias }, { braze_id: '5e8f0c2b9a1d4e7f3b6c8a0d' }, { email: 'jon@example.com', prioritization: ['most_recently_updated'] }]) {
        passes(v(), { ...base, recipients: [r] });
      }
    });
    it('rejects a recipient with two identifiers', () =>
      failsOn(v(), { ...base, recipients: [{ external_user_id: 'u-1', user_alias: alias }] }, 'oneOf', '/recipients/0'));
    it('rejects a recipient without identifier', () =>
      failsOn(v(), { ...base, recipients: [{ attributes: { first_name: 'Jon' } }] }, 'oneOf', '/recipients/0'));
    it('requires prioritization with an email identifier', () =>
      failsOn(v(), { ...base, recipients: [{ email: 'jon@example.com' }] }, 'dependentRequired', '/recipients/0'));
    it('rejects send_to_existing_only together with a user alias', () => {
      passes(v(), { ...base, recipients: [{ external_user_id: 'u-1', send_to_existing_only: true }] });
      failsOn(v(), { ...base, recipients: [{ user_alias: alias, send_to_existing_only: true }] }, 'not', '/recipients/0');
    });
    it('requires attributes when send_to_existing_only is false', () => {
      passes(v(), { ...base, recipients: [{ external_user_id: 'u-1', send_to_existing_only: false, attributes: { first_name: 'Jon' } }] });
      failsOn(v(), { ...base, recipients: [{ external_user_id: 'u-1', send_to_existing_only: false }] }, 'required', '/recipients/0');
    });
    it('rejects a misspelt recipient field', () =>
      failsOn(v(), { ...base, recipients: [{ external_user_id: 'u-1', atributes: {} }] }, 'unevaluatedProperties', '/recipients/0'));
    it('checks recipient attributes against the user attributes schema', () =>
      failsOn(v(), { ...base, recipients: [{ external_user_id: 'u-1', attributes: { email_subscribe: 'maybe' } }] }, 'enum', '/recipients/0/attributes/email_subscribe'));
    it('broadcast: true excludes recipients', () => {
      passes(v(), { ...base, broadcast: true });
      failsOn(v(), { ...base, broadcast: true, recipients: [user(1)] }, 'not');
    });
    it('requires broadcast: true when recipients are left out', () => {
      failsOn(v(), { ...base }, 'anyOf');
      failsOn(v(), { ...base, broadcast: false, audience: { push_subscription_status: { comparison: 'is', value: 'opted_in' } } }, 'anyOf');
    });
  });

  it('campaign recipients take trigger_properties, not context', () => {
    passes(requestValidator('campaigns.triggerSend'), { campaign_id: 'c-1', recipients: [{ external_user_id: 'u-1', trigger_properties: { a: 1 } }] });
    failsOn(requestValidator('campaigns.triggerSend'), { campaign_id: 'c-1', recipients: [{ external_user_id: 'u-1', context: { a: 1 } }] }, 'unevaluatedProperties');
  });
  it('Canvas send recipients take context, not trigger_properties', () => {
    passes(requestValidator('canvas.triggerSend'), { canvas_id: 'cv-1', recipients: [{ external_user_id: 'u-1', context: { a: 1 } }] });
    failsOn(requestValidator('canvas.triggerSend'), { canvas_id: 'cv-1', recipients: [{ external_user_id: 'u-1', trigger_properties: { a: 1 } }] }, 'unevaluatedProperties');
  });
  it('Canvas schedule recipients take canvas_entry_properties (and context)', () => {
    const v = requestValidator('canvas.triggerScheduleCreate');
    passes(v, { canvas_id: 'cv-1', schedule, recipients: [{ external_user_id: 'u-1', canvas_entry_properties: { a: 1 } }] });
    passes(v, { canvas_id: 'cv-1', schedule, recipients: [{ external_user_id: 'u-1', context: { a: 1 } }] });
    failsOn(v, { canvas_id: 'cv-1', schedule, recipients: [{ external_user_id: 'u-1', trigger_properties: { a: 1 } }] }, 'unevaluatedProperties');
  });
});

describe('/campaigns/trigger/send', () => {
  const v = () => requestValidator('campaigns.triggerSend');
  it('requires campaign_id', () => failsOn(v(), { broadcast: true }, 'required', '/'));
  it('broadcast: true excludes attachments', () => {
    const attachments = [{ file_name: 'invoice', url: 'https://files.example.com/invoice.pdf' }];
    passes(v(), { campaign_id: 'c-1', recipients: [user(1)], attachments });
    failsOn(v(), { campaign_id: 'c-1', broadcast: true, attachments }, 'not');
  });
  it('attachments need file_name and url', () =>
    failsOn(v(), { campaign_id: 'c-1', recipients: [user(1)], attachments: [{ url: 'https://files.example.com/a.pdf' }] }, 'required', '/attachments/0'));
  it('rejects a misspelt top-level field', () => failsOn(v(), { campaign_id: 'c-1', broadcast: true, trigger_propertie: {} }, 'additionalProperties'));
});

describe('/canvas/trigger/send and the Canvas schedule: context vs canvas_entry_properties', () => {
  it('the send takes context, and canvas_entry_properties only as a deprecated alias', () => {
    passes(requestValidator('canvas.triggerSend'), { canvas_id: 'cv-1', broadcast: true, context: { product: 'shoes' } });
    passes(requestValidator('canvas.triggerSend'), { canvas_id: 'cv-1', broadcast: true, canvas_entry_properties: { product: 'shoes' } });
    const schema = operation('canvas.triggerSend').operation.requestBody.content['application/json'].schema;
    const resolved = schema.$ref ? validatorFor('CanvasTriggerSendRequest').schema : schema;
    expect((resolved as any).properties.canvas_entry_properties.deprecated).toBe(true);
  });
  it('the schedule takes canvas_entry_properties and refuses context', () => {
    passes(requestValidator('canvas.triggerScheduleCreate'), { canvas_id: 'cv-1', broadcast: true, schedule, canvas_entry_properties: { product: 'shoes' } });
    failsOn(requestValidator('canvas.triggerScheduleCreate'), { canvas_id: 'cv-1', broadcast: true, schedule, context: { product: 'shoes' } }, 'additionalProperties');
  });
});

// --- /messages/send and /messages/schedule/create -----------------------------------------------

describe.each([
  ['messages.send', {}],
  ['messages.scheduleCreate', { schedule }],
] as const)('%s audience rules', (operationId, base) => {
  const v = () => requestValidator(operationId);
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `user-${i}`);
  const aliases = (n: number) => Array.from({ length: n }, (_, i) => ({ alias_name: `a-${i}`, alias_label: 'crm_id' }));
  it('needs at least one of external_user_ids, user_aliases, segment_id, audience', () => {
    passes(v(), { ...base, external_user_ids: ['user-1'] });
    failsOn(v(), { ...base, broadcast: true }, 'anyOf');
  });
  it('accepts 50 external IDs and rejects 51', () => {
    passes(v(), { ...base, external_user_ids: ids(50) });
    failsOn(v(), { ...base, external_user_ids: ids(51) }, 'maxItems', '/external_user_ids');
  });
  it('accepts 50 aliases and rejects 51', () => {
    passes(v(), { ...base, user_aliases: aliases(50) });
    failsOn(v(), { ...base, user_aliases: aliases(51) }, 'maxItems', '/user_aliases');
  });
  it('requires broadcast: true without listed users', () => {
    passes(v(), { ...base, segment_id: 'seg-1', broadcast: true });
    failsOn(v(), { ...base, segment_id: 'seg-1' }, 'anyOf');
    failsOn(v(), { ...base, segment_id: 'seg-1', broadcast: false }, 'anyOf');
  });
  it('broadcast: true excludes listed users', () =>
    failsOn(v(), { ...base, segment_id: 'seg-1', broadcast: true, external_user_ids: ['user-1'] }, 'not'));
  it('recipient_subscription_state is opted_in, subscribed or all', () => {
    for (const state of ['opted_in', 'subscribed', 'all']) passes(v(), { ...base, external_user_ids: ['u'], recipient_subscription_state: state });
    failsOn(v(), { ...base, external_user_ids: ['u'], recipient_subscription_state: 'unsubscribed' }, 'enum', '/recipient_subscription_state');
  });
  it('send_id is ASCII and at most 64 characters', () => {
    passes(v(), { ...base, external_user_ids: ['u'], send_id: 'x'.repeat(64) });
    failsOn(v(), { ...base, external_user_ids: ['u'], send_id: 'x'.repeat(65) }, 'maxLength', '/send_id');
    failsOn(v(), { ...base, external_user_ids: ['u'], send_id: 'envoi-été' }, 'pattern', '/send_id');
  });
  it('rejects an unknown channel in messages', () =>
    failsOn(v(), { ...base, external_user_ids: ['u'], messages: { in_app_message: {} } }, 'additionalProperties', '/messages'));
});

it('messages.send uses override_frequency_capping, the schedule override_messaging_limits', () => {
  passes(requestValidator('messages.send'), { external_user_ids: ['u'], override_frequency_capping: true });
  failsOn(requestValidator('messages.send'), { external_user_ids: ['u'], override_messaging_limits: true }, 'additionalProperties');
  passes(requestValidator('messages.scheduleCreate'), { external_user_ids: ['u'], schedule, override_messaging_limits: true });
  failsOn(requestValidator('messages.scheduleCreate'), { external_user_ids: ['u'], override_frequency_capping: true, schedule }, 'additionalProperties');
});

// --- Transactional and send IDs ------------------------------------------------------------------

describe('/transactional/v1/campaigns/{campaign_id}/send', () => {
  const v = () => requestValidator('transactional.send');
  it('requires a recipient', () => failsOn(v(), { trigger_properties: {} }, 'required', '/'));
  it('the recipient is exactly one of external_user_id and user_alias', () => {
    passes(v(), { recipient: { external_user_id: 'u-1' } });
    passes(v(), { recipient: { user_alias: alias } });
    failsOn(v(), { recipient: { external_user_id: 'u-1', user_alias: alias } }, 'oneOf', '/recipient');
    failsOn(v(), { recipient: { attributes: { first_name: 'Jon' } } }, 'oneOf', '/recipient');
  });
  it('the recipient takes no braze_id or email identifier', () =>
    failsOn(v(), { recipient: { external_user_id: 'u-1', braze_id: 'b-1' } }, 'unevaluatedProperties', '/recipient'));
  it('external_send_id is Base64-compatible', () => {
    passes(v(), { external_send_id: 'b3JkZXI+ODgxMi/x_y-z=', recipient: { external_user_id: 'u-1' } });
    failsOn(v(), { external_send_id: 'order 8812!', recipient: { external_user_id: 'u-1' } }, 'pattern', '/external_send_id');
  });
  it('the campaign_id path parameter is required', () => {
    const op = operation('transactional.send');
    expect(op.operation.parameters.find((p: any) => p.name === 'campaign_id')).toMatchObject({ in: 'path', required: true });
  });
});

describe('/sends/id/create', () => {
  const v = () => requestValidator('sends.createId');
  it('requires campaign_id', () => {
    passes(v(), { campaign_id: 'c-1' });
    failsOn(v(), { send_id: 's-1' }, 'required', '/');
  });
  it('send_id is at most 64 ASCII characters', () => failsOn(v(), { campaign_id: 'c-1', send_id: 's'.repeat(65) }, 'maxLength', '/send_id'));
});

// --- Schedules -----------------------------------------------------------------------------------

describe('ScheduleObject', () => {
  const v = () => schema('ScheduleObject');
  it('requires time', () => failsOn(v(), { in_local_time: true }, 'required', '/'));
  it('time is an ISO 8601 date-time', () => {
    passes(v(), { time: '2025-03-20T14:00:00Z' });
    passes(v(), { time: '2025-03-20T14:00:00+0000' });
    passes(v(), { time: '2025-03-20T14:00:00' });
    failsOn(v(), { time: '20/03/2025 14:00' }, 'pattern', '/time');
    failsOn(v(), { time: '' }, 'pattern', '/time');
  });
  it('local-time sending takes a time without UTC offset', () => {
    passes(v(), { time: '2025-03-20T14:00:00', in_local_time: true });
    failsOn(v(), { time: '2025-03-20T14:00:00-05:00', in_local_time: true }, 'pattern', '/time');
  });
  it('optimal-time sending takes a time without UTC offset', () => {
    passes(v(), { time: '2025-03-20T14:00:00', at_optimal_time: true });
    failsOn(v(), { time: '2025-03-20T14:00:00Z', at_optimal_time: true }, 'pattern', '/time');
  });
  it('an absolute time may carry an offset when both options are false', () =>
    passes(v(), { time: '2025-03-20T14:00:00-05:00', in_local_time: false, at_optimal_time: false }));
  it('rejects unknown keys', () => failsOn(v(), { time: '2025-03-20T14:00:00Z', local: true }, 'additionalProperties'));
});

describe('schedule update and delete bodies', () => {
  it('messages.scheduleUpdate needs schedule_id and at least one of schedule and messages', () => {
    const v = requestValidator('messages.scheduleUpdate');
    passes(v, { schedule_id: 's-1', schedule });
    passes(v, { schedule_id: 's-1', messages: { apple_push: { alert: 'Hi' } } });
    failsOn(v, { schedule_id: 's-1' }, 'anyOf');
    failsOn(v, { schedule }, 'required');
  });
  it.each([
    ['campaigns.triggerScheduleUpdate', { campaign_id: 'c-1', schedule_id: 's-1', schedule }],
    ['canvas.triggerScheduleUpdate', { canvas_id: 'cv-1', schedule_id: 's-1', schedule }],
    ['campaigns.triggerScheduleDelete', { campaign_id: 'c-1', schedule_id: 's-1' }],
    ['canvas.triggerScheduleDelete', { canvas_id: 'cv-1', schedule_id: 's-1' }],
    ['messages.scheduleDelete', { schedule_id: 's-1' }],
  ] as const)('%s requires every documented field', (operationId, body) => {
    const v = requestValidator(operationId);
    passes(v, body);
    for (const key of Object.keys(body)) {
      const { [key]: _dropped, ...rest } = body as Record<string, unknown>;
      failsOn(v, rest, 'required', '/');
    }
  });
  it('campaigns.triggerScheduleCreate requires a schedule', () =>
    failsOn(requestValidator('campaigns.triggerScheduleCreate'), { campaign_id: 'c-1', broadcast: true }, 'required', '/'));
});

describe('GET /messages/scheduled_broadcasts', () => {
  it('end_time is required and an ISO 8601 date or date-time', () => {
    const { param, validate } = queryParam('messages.listScheduledBroadcasts', 'end_time');
    expect(param.required).toBe(true);
    passes(validate, '2018-09-01T00:00:00-04:00');
    passes(validate, '2025-04-01');
    failsOn(validate, 'next week', 'pattern');
  });
  it('lists items with their documented fields', () => {
    const v = schema('ScheduledBroadcast');
    passes(v, { name: 'Digest', id: 'c-1', type: 'Campaign', tags: [], next_send_time: '2025-03-17T09:00:00-04:00', schedule_type: 'local_time_zones' });
    failsOn(v, { name: 'Digest', id: 'c-1', type: 'Campaign' }, 'required');
  });
});

// --- Connected audience --------------------------------------------------------------------------

describe('ConnectedAudienceObject', () => {
  const v = () => schema('ConnectedAudienceObject');
  const f = { push_subscription_status: { comparison: 'is', value: 'opted_in' } };
  it('accepts a single filter', () => passes(v(), f));
  it('accepts three levels of AND/OR groups', () => passes(v(), { AND: [f, { OR: [f, { AND: [f, f] }] }] }));
  it('rejects a fourth level of nesting (no recursion in the bundle)', () =>
    failsOn(v(), { AND: [{ OR: [{ AND: [{ OR: [f] }] }] }] }, 'oneOf'));
  it('rejects an empty group', () => failsOn(v(), { AND: [] }, 'oneOf'));
  it('rejects a group with both AND and OR', () => failsOn(v(), { AND: [f], OR: [f] }, 'oneOf'));
  it('subscription filters take is / is_not and opted_in / subscribed / unsubscribed', () => {
    passes(v(), { email_subscription_status: { comparison: 'is_not', value: 'unsubscribed' } });
    failsOn(v(), { email_subscription_status: { comparison: 'equals', value: 'subscribed' } }, 'enum', '/email_subscription_status/comparison');
    failsOn(v(), { push_subscription_status: { comparison: 'is', value: 'all' } }, 'enum', '/push_subscription_status/value');
  });
  it('last_used_app takes after / before and a date-time', () => {
    passes(v(), { last_used_app: { comparison: 'before', value: '2019-07-22T13:17:55+0000' } });
    failsOn(v(), { last_used_app: { comparison: 'less_than_x_days_ago', value: '2019-07-22T13:17:55Z' } }, 'enum', '/last_used_app/comparison');
    failsOn(v(), { last_used_app: { comparison: 'after', value: 'yesterday' } }, 'pattern', '/last_used_app/value');
  });
  const ca = (comparison: string, value?: unknown) => ({ custom_attribute: { custom_attribute_name: 'x', comparison, ...(value === undefined ? {} : { value }) } });
  it('custom attribute comparison is one of the documented ones', () =>
    failsOn(v(), ca('contains', 'a'), 'enum', '/custom_attribute/comparison'));
  it('exists / does_not_exist need no value; other comparisons do', () => {
    passes(v(), ca('exists'));
    passes(v(), ca('does_not_exist'));
    failsOn(v(), ca('equals'), 'required', '/custom_attribute');
  });
  it('after / before need an ISO 8601 date-time', () => {
    passes(v(), ca('after', '2024-01-01T00:00:00Z'));
    failsOn(v(), ca('before', 2), 'type', '/custom_attribute/value');
  });
  it('regex comparisons need a string', () => {
    passes(v(), ca('matches_regex', '^gold'));
    failsOn(v(), ca('matches_regex', 3), 'type', '/custom_attribute/value');
  });
  it('numeric and day-count comparisons need a number', () => {
    passes(v(), ca('less_than_x_days_ago', 2));
    failsOn(v(), ca('greater_than', 'ten'), 'type', '/custom_attribute/value');
  });
});

// --- Messaging objects ---------------------------------------------------------------------------

describe('ApplePushObject', () => {
  const v = () => schema('ApplePushObject');
  it('needs alert unless content-available is true', () => {
    passes(v(), { alert: 'Hi' });
    passes(v(), { 'content-available': true });
    failsOn(v(), { badge: 1 }, 'anyOf');
    failsOn(v(), { 'content-available': false }, 'anyOf');
  });
  it('an alert object needs body unless content-available is true', () => {
    passes(v(), { alert: { title: 'Hi', body: 'There' } });
    passes(v(), { 'content-available': true, alert: { title: 'Hi' } });
    failsOn(v(), { alert: { title: 'Hi' } }, 'anyOf');
  });
  it('interruption_level is passive, active, time-sensitive or critical', () =>
    failsOn(v(), { alert: 'Hi', interruption_level: 'urgent' }, 'enum', '/interruption_level'));
  it('relevance_score is between 0 and 1', () => {
    passes(v(), { alert: 'Hi', relevance_score: 0.5 });
    failsOn(v(), { alert: 'Hi', relevance_score: 1.5 }, 'maximum', '/relevance_score');
  });
  it('apns_priority is between 1 and 10', () => {
    passes(v(), { alert: 'Hi', apns_priority: 5 });
    failsOn(v(), { alert: 'Hi', apns_priority: 0 }, 'minimum', '/apns_priority');
  });
  it('asset_url needs asset_file_type, one of the documented types', () => {
    passes(v(), { alert: 'Hi', asset_url: 'https://cdn.example.com/a.png', asset_file_type: 'png' });
    failsOn(v(), { alert: 'Hi', asset_url: 'https://cdn.example.com/a.png' }, 'dependentRequired');
    failsOn(v(), { alert: 'Hi', asset_url: 'https://cdn.example.com/a.webp', asset_file_type: 'webp' }, 'enum', '/asset_file_type');
  });
  it('buttons need a category', () => {
    passes(v(), { alert: 'Hi', category: 'ab_cat_yes_no', buttons: [{ action_id: 'ab_pb_yes' }] });
    failsOn(v(), { alert: 'Hi', buttons: [{ action_id: 'ab_pb_yes' }] }, 'dependentRequired');
  });
  it('extra may not use the keys ab or aps', () => {
    passes(v(), { alert: 'Hi', extra: { order_id: '1' } });
    failsOn(v(), { alert: 'Hi', extra: { aps: {} } }, 'not', '/extra');
  });
  it('expiry is an ISO 8601 date-time', () => failsOn(v(), { alert: 'Hi', expiry: 'tomorrow' }, 'pattern', '/expiry'));
  it('rejects unknown keys', () => failsOn(v(), { alert: 'Hi', title: 'x' }, 'additionalProperties'));
});

describe('ApplePushActionButton', () => {
  const v = () => schema('ApplePushActionButton');
  it("Braze's closing buttons only CLOSE", () => {
    passes(v(), { action_id: 'ab_pb_decline', action: 'CLOSE' });
    failsOn(v(), { action_id: 'ab_pb_no', action: 'URI', uri: 'https://x.example' }, 'anyOf');
  });
  it("Braze's opening buttons take OPEN_APP, URI or DEEP_LINK", () => {
    passes(v(), { action_id: 'ab_pb_more', action: 'DEEP_LINK', uri: 'myapp://more' });
    failsOn(v(), { action_id: 'ab_pb_accept', action: 'CLOSE' }, 'anyOf');
  });
  it('buttons of app-defined categories need action (URI or DEEP_LINK) and uri', () => {
    passes(v(), { action_id: 'snooze', action: 'URI', uri: 'https://x.example/snooze' });
    failsOn(v(), { action_id: 'snooze' }, 'anyOf');
    failsOn(v(), { action_id: 'snooze', action: 'OPEN_APP', uri: 'https://x.example' }, 'anyOf');
  });
  it('action is one of the documented values', () => failsOn(v(), { action_id: 'ab_pb_yes', action: 'OPEN' }, 'enum', '/action'));
});

describe('AndroidPushObject', () => {
  const v = () => schema('AndroidPushObject');
  it('needs alert and title', () => {
    passes(v(), { alert: 'Hi', title: 'T' });
    failsOn(v(), { alert: 'Hi' }, 'anyOf');
  });
  it('a silent push (send_to_sync) carries neither alert nor title', () => {
    passes(v(), { send_to_sync: true, extra: { sync: 'orders' } });
    failsOn(v(), { send_to_sync: true, alert: 'Hi', title: 'T' }, 'not');
  });
  it('priority is between -2 and 2', () => {
    passes(v(), { alert: 'Hi', title: 'T', priority: -2 });
    failsOn(v(), { alert: 'Hi', title: 'T', priority: 3 }, 'maximum', '/priority');
  });
  it('android_priority is normal or high', () => failsOn(v(), { alert: 'Hi', title: 'T', android_priority: 'max' }, 'enum', '/android_priority'));
  it('time_to_live is at most 2,419,200 seconds', () => {
    passes(v(), { alert: 'Hi', title: 'T', time_to_live: 2419200 });
    failsOn(v(), { alert: 'Hi', title: 'T', time_to_live: 2419201 }, 'maximum', '/time_to_live');
  });
  it('a button needs text and a documented action', () => {
    passes(v(), { alert: 'Hi', title: 'T', buttons: [{ text: 'Open', action: 'DEEP_LINK', uri: 'myapp://x' }] });
    failsOn(v(), { alert: 'Hi', title: 'T', buttons: [{ action: 'OPEN_APP' }] }, 'required', '/buttons/0');
    failsOn(v(), { alert: 'Hi', title: 'T', buttons: [{ text: 'Go', action: 'GO' }] }, 'enum', '/buttons/0/action');
  });
  it('conversation_data needs its four fields', () =>
    failsOn(v(), { alert: 'Hi', title: 'T', conversation_data: { shortcut_id: 's', messages: [], persons: [] } }, 'required', '/conversation_data'));
});

describe('KindlePushObject and WebPushObject', () => {
  it('Kindle push needs alert and title; priority is between -2 and 2', () => {
    passes(schema('KindlePushObject'), { alert: 'Hi', title: 'T', priority: 2 });
    failsOn(schema('KindlePushObject'), { alert: 'Hi' }, 'required');
    failsOn(schema('KindlePushObject'), { alert: 'Hi', title: 'T', priority: -3 }, 'minimum', '/priority');
  });
  it('web push needs alert and title; buttons take OPEN_APP, URI or CLOSE', () => {
    passes(schema('WebPushObject'), { alert: 'Hi', title: 'T', buttons: [{ text: 'View', action: 'URI', uri: 'https://x.example' }] });
    failsOn(schema('WebPushObject'), { title: 'T' }, 'required');
    failsOn(schema('WebPushObject'), { alert: 'Hi', title: 'T', buttons: [{ text: 'View', action: 'DEEP_LINK' }] }, 'enum', '/buttons/0/action');
  });
});

describe('EmailObject', () => {
  const v = () => schema('EmailObject');
  const base = { app_id: 'app-1', from: 'Acme <news@acme.example>' };
  it('needs app_id and from', () => failsOn(v(), { body: '<p>Hi</p>' }, 'required'));
  it('from is "Display Name <address>"', () => failsOn(v(), { ...base, from: 'news@acme.example', body: 'x' }, 'pattern', '/from'));
  it('needs body unless email_template_id is given', () => {
    passes(v(), { ...base, body: '<p>Hi</p>' });
    passes(v(), { ...base, email_template_id: 'tpl-1' });
    failsOn(v(), { ...base, subject: 'Hi' }, 'anyOf');
  });
  it('attachments need file_name and an absolute url', () => {
    passes(v(), { ...base, body: 'x', attachments: [{ file_name: 'a', url: 'https://files.example.com/a.pdf' }] });
    failsOn(v(), { ...base, body: 'x', attachments: [{ url: 'https://files.example.com/a.pdf' }] }, 'required', '/attachments/0');
    failsOn(v(), { ...base, body: 'x', attachments: [{ file_name: 'a', url: 'a.pdf' }] }, 'format', '/attachments/0/url');
  });
  it('headers are strings', () => failsOn(v(), { ...base, body: 'x', headers: { 'X-Priority': 1 } }, 'type', '/headers/X-Priority'));
});

describe('SmsObject and WebhookObject', () => {
  const sms = { subscription_group_id: 'sg-1', body: 'Hi', app_id: 'app-1' };
  it('SMS needs subscription_group_id, body and app_id', () => failsOn(schema('SmsObject'), { body: 'Hi', app_id: 'a' }, 'required'));
  it('user click tracking needs link shortening', () => {
    passes(schema('SmsObject'), { ...sms, link_shortening_enabled: true, user_click_tracking_enabled: true });
    failsOn(schema('SmsObject'), { ...sms, user_click_tracking_enabled: true }, 'anyOf');
    failsOn(schema('SmsObject'), { ...sms, link_shortening_enabled: false, user_click_tracking_enabled: true }, 'anyOf');
  });
  it('webhook request_method is POST, PUT, DELETE or GET', () => {
    passes(schema('WebhookObject'), { url: 'https://hooks.example.com/x', request_method: 'PUT' });
    failsOn(schema('WebhookObject'), { url: 'https://hooks.example.com/x', request_method: 'PATCH' }, 'enum', '/request_method');
    failsOn(schema('WebhookObject'), { request_method: 'POST' }, 'required');
  });
});

describe('ContentCardObject', () => {
  const v = () => schema('ContentCardObject');
  const base = { type: 'CLASSIC', title: 'T', description: 'D' };
  it('type is CLASSIC, CAPTIONED_IMAGE or BANNER', () => failsOn(v(), { ...base, type: 'SLIDEUP', time_to_live: 60 }, 'enum', '/type'));
  it('needs exactly one of time_to_live and expire_at', () => {
    passes(v(), { ...base, time_to_live: 3600 });
    passes(v(), { ...base, expire_at: '2025-04-01T00:00:00Z' });
    failsOn(v(), base, 'oneOf');
    failsOn(v(), { ...base, time_to_live: 3600, expire_at: '2025-04-01T00:00:00Z' }, 'oneOf');
  });
  it('time_to_live is at most 30 days', () => {
    passes(v(), { ...base, time_to_live: 2592000 });
    failsOn(v(), { ...base, time_to_live: 2592001 }, 'maximum', '/time_to_live');
  });
  it('CAPTIONED_IMAGE and BANNER cards need image_url', () => {
    passes(v(), { ...base, type: 'BANNER', image_url: 'https://cdn.example.com/b.png', time_to_live: 60 });
    failsOn(v(), { ...base, type: 'CAPTIONED_IMAGE', time_to_live: 60 }, 'anyOf');
  });
  it('expire_in_local_time needs expire_at', () =>
    failsOn(v(), { ...base, time_to_live: 60, expire_in_local_time: true }, 'dependentRequired'));
});

describe('WhatsAppObject', () => {
  const v = () => schema('WhatsAppObject');
  const base = { app_id: 'app-1', subscription_group_id: 'sg-1' };
  const template = { template_name: 'order_shipped', template_language_code: 'en_US' };
  it('message_type is one of the five documented kinds', () =>
    failsOn(v(), { ...base, message_type: 'image_message', message: template }, 'enum', '/message_type'));
  it('message must have the shape of message_type', () => {
    passes(v(), { ...base, message_type: 'template_message', message: template });
    passes(v(), { ...base, message_type: 'text_response_message', message: { body: 'Hi' } });
    failsOn(v(), { ...base, message_type: 'text_response_message', message: template }, 'oneOf');
  });
  it('a template takes at most one header and one button variable', () => {
    const t = schema('WhatsAppTemplateMessage');
    passes(t, { ...template, header_variables: { '0': 'Hi' }, button_variables: { '1': '/x' } });
    failsOn(t, { ...template, header_variables: { '0': 'a', '1': 'b' } }, 'maxProperties', '/header_variables');
    failsOn(t, { ...template, button_variables: { '0': 'a', '1': 'b' } }, 'maxProperties', '/button_variables');
    failsOn(t, { ...template, body_variables: { first: 'a' } }, 'pattern', '/body_variables');
  });
  it('a quick reply header is an image or a text, not both', () => {
    const q = schema('WhatsAppQuickReplyResponseMessage');
    passes(q, { body: 'Hi', header_text: 'Hello', buttons: [{ text: 'Yes' }] });
    failsOn(q, { body: 'Hi', header_text: 'Hello', header_image_uri: 'https://x.example/a.png', buttons: [{ text: 'Yes' }] }, 'not');
  });
  it('a list has at least one section and at most 10 rows per section', () => {
    const l = schema('WhatsAppListResponseMessage');
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ row_title: `Option ${i}` }));
    passes(l, { body: 'Pick', list: { list_button_text: 'Open', list_sections: [{ section_title: 'A', list_rows: rows(10) }] } });
    failsOn(l, { body: 'Pick', list: { list_button_text: 'Open', list_sections: [] } }, 'minItems', '/list/list_sections');
    failsOn(l, { body: 'Pick', list: { list_button_text: 'Open', list_sections: [{ section_title: 'A', list_rows: rows(11) }] } }, 'maxItems', '/list/list_sections/0/list_rows');
  });
});

describe('/messages/live_activity/update', () => {
  const v = () => requestValidator('messages.liveActivityUpdate');
  const base = { app_id: 'app-1', activity_id: 'match-1', content_state: { score: 1 } };
  it('requires app_id, activity_id and content_state', () => {
    passes(v(), base);
    for (const key of Object.keys(base)) {
      const { [key]: _dropped, ...rest } = base as Record<string, unknown>;
      failsOn(v(), rest, 'required', '/');
    }
  });
  it('dismissal_date and stale_date are ISO 8601 date-times', () => {
    passes(v(), { ...base, end_activity: true, dismissal_date: '2023-02-28T00:00:00+0000' });
    failsOn(v(), { ...base, stale_date: 'in an hour' }, 'pattern', '/stale_date');
  });
  it('notification is an Apple push object', () =>
    failsOn(v(), { ...base, notification: { title: 'Halftime' } }, 'additionalProperties', '/notification'));
});

// --- Examples copied from Braze's reference pages ----------------------------------------------

const docAudience = {
  AND: [
    { custom_attribute: { custom_attribute_name: 'eye_color', comparison: 'equals', value: 'blue' } },
    { custom_attribute: { custom_attribute_name: 'favorite_foods', comparison: 'includes_value', value: 'pizza' } },
    {
      OR: [
        { custom_attribute: { custom_attribute_name: 'last_purchase_time', comparison: 'less_than_x_days_ago', value: 2 } },
        { push_subscription_status: { comparison: 'is', value: 'opted_in' } },
      ],
    },
    { email_subscription_status: { comparison: 'is_not', value: 'subscribed' } },
    { last_used_app: { comparison: 'after', value: '2019-07-22T13:17:55+0000' } },
  ],
};

const docs = {
  sendsIdCreate: { campaign_id: 'campaign_identifier', send_id: 'send_identifier' },
  // The page's example quotes its placeholders only partly; they are strings here.
  transactional: {
    external_send_id: 'YOUR_BASE64_COMPATIBLE_ID',
    trigger_properties: { example_string_property: 'YOUR_EXAMPLE_STRING', example_integer_property: 7 },
    recipient: { external_user_id: 'TARGETED_USER_ID_STRING' },
  },
  messagesSend: {
    broadcast: 'false',
    external_user_ids: 'external_user_identifiers',
    user_aliases: { alias_name: 'example_name', alias_label: 'example_label' },
    segment_id: 'segment_identifier',
    audience: docAudience,
    campaign_id: 'campaign_identifier',
    send_id: 'send_identifier',
    override_frequency_capping: 'false',
    recipient_subscription_state: 'all',
    messages: {
      android_push: '(optional, Android Push Object)',
      apple_push: '(optional, Apple Push Object)',
    },
  },
  campaignsTriggerSend: {
    campaign_id: 'campaign_identifier',
    send_id: 'send_identifier',
    trigger_properties: '',
    broadcast: false,
    audience: docAudience,
    recipients: [
      {
        user_alias: { alias_name: 'example_name', alias_label: 'example_label' },
        external_user_id: 'external_user_identifier',
        trigger_properties: '',
        send_to_existing_only: true,
        attributes: { first_name: 'Alex' },
      },
    ],
    attachments: [{ file_name: 'YourFileName', url: 'https://exampleurl.com/YourFileName.pdf' }],
  },
  canvasTriggerSend: {
    canvas_id: 'canvas_identifier',
    context: { product_name: 'shoes', product_price: 79.99 },
    broadcast: false,
    audience: docAudience,
    recipients: [
      {
        user_alias: { alias_name: 'example_name', alias_label: 'example_label' },
        external_user_id: 'user_identifier',
        send_to_existing_only: true,
        attributes: { first_name: 'Alex' },
      },
    ],
  },
  // The page ends `messages` with unquoted placeholders, which are not JSON; they are left out.
  messagesScheduleCreate: {
    broadcast: 'false',
    external_user_ids: 'external_user_identifiers',
    user_aliases: { alias_name: 'example_name', alias_label: 'example_label' },
    segment_id: 'segment_identifiers',
    audience: docAudience,
    campaign_id: 'campaign_identifier',
    send_id: 'send_identifier',
    override_messaging_limits: false,
    recipient_subscription_state: 'subscribed',
    schedule: { time: '', in_local_time: true, at_optimal_time: true },
  },
  messagesScheduleUpdate: {
    schedule_id: 'schedule_identifier',
    schedule: { time: '2017-05-24T20:30:36Z' },
    messages: {
      apple_push: { alert: 'Updated Message!', badge: 1 },
      android_push: { title: 'Updated title!', alert: 'Updated message!' },
      sms: { subscription_group_id: 'subscription_group_identifier', message_variation_id: 'message_variation_identifier', body: 'This is my SMS body.', app_id: 'app_identifier' },
    },
  },
  messagesScheduleDelete: { schedule_id: 'schedule_identifier' },
  campaignsTriggerScheduleCreate: {
    campaign_id: 'campaign_identifier',
    send_id: 'send_identifier',
    recipients: [{ user_alias: 'example_alias', external_user_id: 'external_user_identifier', trigger_properties: {} }],
    audience: docAudience,
    broadcast: false,
    trigger_properties: {},
    schedule: { time: '', in_local_time: false, at_optimal_time: false },
  },
  campaignsTriggerScheduleUpdate: {
    campaign_id: 'campaign_identifier',
    schedule_id: 'schedule_identifier',
    schedule: { time: '2017-05-24T21:30:00Z', in_local_time: true },
  },
  campaignsTriggerScheduleDelete: { campaign_id: 'campaign_identifier', schedule_id: 'schedule_identifier' },
  canvasTriggerScheduleCreate: {
    canvas_id: 'canvas_identifier',
    recipients: [{ user_alias: 'example_alias', external_user_id: 'external_user_identifier', canvas_entry_properties: {} }],
    audience: docAudience,
    broadcast: false,
    canvas_entry_properties: {},
    schedule: { time: '', in_local_time: false, at_optimal_time: false },
  },
  canvasTriggerScheduleUpdate: {
    canvas_id: 'canvas_identifier',
    schedule_id: 'schedule_identifier',
    schedule: { time: '2017-05-24T21:30:00Z', in_local_time: true },
  },
  canvasTriggerScheduleDelete: { canvas_id: 'canvas_identifier', schedule_id: 'schedule_identifier' },
  liveActivityUpdate: {
    app_id: '{YOUR-APP-API-IDENTIFIER}',
    activity_id: 'live-activity-1',
    content_state: { teamOneScore: 2, teamTwoScore: 4 },
    end_activity: false,
    dismissal_date: '2023-02-28T00:00:00+0000',
    stale_date: '2023-02-27T16:55:49+0000',
    notification: { alert: { body: "It's halftime! Let's look at the scores", title: 'Halftime' } },
  },
  // From the Apple push object page.
  applePushSend: {
    broadcast: false,
    external_user_ids: ['PushTest12'],
    campaign_id: '9c2fefcd-9115-3932-f771-c7f43d18d6b6',
    override_frequency_capping: 'false',
    recipient_subscription_state: 'all',
    messages: { apple_push: { alert: { title: 'Hello!', body: 'Message here' }, message_variation_id: 'iosPush-640' } },
  },
  // From the email object page (the basic-auth attachment example).
  emailAttachmentSend: {
    external_user_ids: ['recipient_user_id'],
    messages: {
      email: {
        app_id: '153e8a29-fd6d-4f77-ade7-1a4ca08d457a',
        subject: 'Basis auth attachment test',
        from: 'mail <mail@e.company.com>',
        body: 'my attachment test',
        attachments: [{ file_name: 'checkout_receipt.pdf', url: 'https://fileserver.company.com/user123-checkout_receipt.pdf', basic_auth_credential: 'company_basic_auth_credential_name' }],
      },
    },
  },
  // From the email object page: a fragment showing attachments only (no sender, no body).
  emailAttachmentFragment: {
    external_user_ids: ['YOUR_EXTERNAL_USER_ID'],
    messages: { email: { app_id: 'YOUR_APP_ID', attachments: [{ file_name: 'YourFileName', url: 'https://exampleurl.com/YourFileName.pdf' }] } },
  },
  // From the recipients object page (deduplication example).
  recipientDedupe: {
    campaign_id: '#####',
    recipients: [
      { external_user_id: 'userid1', trigger_properties: { name: 'Beth Test 1' } },
      { external_user_id: 'userid1', trigger_properties: { name: 'Beth Test 2' } },
    ],
  },
};

describe("Braze's reference examples that follow Braze's rules validate", () => {
  it.each([
    ['sends.createId', docs.sendsIdCreate],
    ['transactional.send', docs.transactional],
    ['messages.scheduleUpdate', docs.messagesScheduleUpdate],
    ['messages.scheduleDelete', docs.messagesScheduleDelete],
    ['campaigns.triggerScheduleDelete', docs.campaignsTriggerScheduleDelete],
    ['canvas.triggerScheduleDelete', docs.canvasTriggerScheduleDelete],
    ['messages.liveActivityUpdate', docs.liveActivityUpdate],
    ['messages.send', docs.emailAttachmentSend],
    ['campaigns.triggerSend', docs.recipientDedupe],
  ] as const)('%s', (operationId, body) => passes(requestValidator(operationId), body));

  it('the connected audience of every page', () => passes(schema('ConnectedAudienceObject'), docAudience));
  it('the schedule object page (local time without offset)', () =>
    passes(schema('ScheduleObject'), { time: '2015-02-20T13:14:47', in_local_time: true }));
  it('the trigger properties, context and Canvas entry properties pages', () => {
    passes(schema('TriggerProperties'), { product_name: 'shoes', product_price: 79.99, details: { color: 'red', size: { numerical: 10, country: 'US' } }, related_skus: ['123', '456', '789'] });
    passes(schema('CanvasContext'), { product_name: 'shoes', product_price: 79.99 });
    passes(schema('CanvasEntryProperties'), { product_name: 'shoes', product_price: 79.99 });
  });
  it('the WhatsApp object page', () => {
    passes(schema('WhatsAppTemplateMessage'), { template_name: 't', template_language_code: 'en', header_variables: { '0': 'Check it out!' }, body_variables: { '0': 'Check it out!', '1': "It's pretty neat." }, button_variables: { '1': '/marketing/promotion123' } });
    passes(schema('WhatsAppTextResponseMessage'), { body: 'Check out our new deals at https://braze.com', preview_url: true });
    passes(schema('WhatsAppTextImageResponseMessage'), { image_uri: 'https://braze.com/promotion.jpg', caption: "This won't last for long, check it out!" });
    passes(schema('WhatsAppQuickReplyResponseMessage'), { body: 'Want to keep hearing from us?', buttons: [{ text: 'Yes!' }, { text: 'No thanks' }] });
    passes(schema('WhatsAppListResponseMessage'), {
      body: 'Here is a list of options to choose from:',
      list: {
        list_button_text: 'Choose an option',
        list_sections: [
          { section_title: 'Section 1', list_rows: [{ row_title: 'Option 1' }, { row_title: 'Option 2', row_description: 'Description for Option 2' }] },
          { section_title: 'Section 2', list_rows: [{ row_title: 'Option 3' }, { row_title: 'Option 4' }, { row_title: 'Option 5' }] },
        ],
      },
    });
  });
  it('the scheduled broadcasts query', () => passes(queryParam('messages.listScheduledBroadcasts', 'end_time').validate, '2018-09-01T00:00:00-04:00'));
});

// Each of these breaks a rule stated on Braze's own pages (a type from the parameter table, "only
// one identifier", "not with user aliases", "required") or holds an empty placeholder. The test
// pins exactly which points fail the strict contract, then proves that the example with those
// points repaired passes. The tolerant view (what Braze is known to accept) is replayed too: an
// example it still refuses breaks a hard rule of its page, named in `rule`; the others only draw
// warnings (see openapi/TOLERANT.md).
type Case = [page: string, operationId: string, literal: unknown, strictFails: Array<[string, string]>, repaired: unknown, tolerantFails: Array<[string, string]>, rule: string];
describe("Braze's reference examples that contradict Braze's rules fail only on those points", () => {
  const cases: Case[] = [
    ['messages.send page', 'messages.send', docs.messagesSend,
      [['/broadcast', 'type'], ['/external_user_ids', 'type'], ['/user_aliases', 'type'], ['/override_frequency_capping', 'type'], ['/messages/apple_push', 'type']],
      { ...docs.messagesSend, broadcast: false, external_user_ids: ['external_user_identifier'], user_aliases: [docs.messagesSend.user_aliases], override_frequency_capping: false, messages: { apple_push: { alert: 'Hello' }, android_push: { alert: 'Hello', title: 'Hi' } } },
      [['/broadcast', 'type'], ['/external_user_ids', 'type'], ['/user_aliases', 'type'], ['/override_frequency_capping', 'type'], ['/messages/apple_push', 'type']],
      'parameter table: broadcast and override_frequency_capping are booleans (the string "false" is not false), external_user_ids an array of strings, user_aliases an array of user alias objects, each message an object'],
    ['Apple push object page', 'messages.send', docs.applePushSend,
      [['/override_frequency_capping', 'type']],
      { ...docs.applePushSend, override_frequency_capping: false },
      [['/override_frequency_capping', 'type']],
      '/messages/send parameter table: override_frequency_capping is a boolean; the string "false" is not false'],
    ['email object page fragment', 'messages.send', docs.emailAttachmentFragment,
      [['/messages/email', 'required'], ['/messages/email', 'anyOf']],
      { ...docs.emailAttachmentFragment, messages: { email: { ...docs.emailAttachmentFragment.messages.email, from: 'Acme <news@acme.example>', body: '<p>Your file</p>' } } },
      [['/messages/email', 'required'], ['/messages/email', 'anyOf']],
      'email object page: from is required, and body or email_template_id'],
    ['campaigns/trigger/send page', 'campaigns.triggerSend', docs.campaignsTriggerSend,
      [['/trigger_properties', 'type'], ['/recipients/0', 'oneOf'], ['/recipients/0', 'not'], ['/recipients/0/trigger_properties', 'type']],
      { ...docs.campaignsTriggerSend, trigger_properties: {}, recipients: [{ external_user_id: 'external_user_identifier', trigger_properties: {}, send_to_existing_only: true, attributes: { first_name: 'Alex' } }] },
      [['/trigger_properties', 'type'], ['/recipients/0', 'oneOf'], ['/recipients/0', 'not'], ['/recipients/0/trigger_properties', 'type']],
      'recipients object page: one identifier per recipient (external_user_id or user_alias or email), send_to_existing_only not with a user alias; trigger_properties is an object'],
    ['canvas/trigger/send page', 'canvas.triggerSend', docs.canvasTriggerSend,
      [['/recipients/0', 'oneOf'], ['/recipients/0', 'not']],
      { ...docs.canvasTriggerSend, recipients: [{ external_user_id: 'user_identifier', send_to_existing_only: true, attributes: { first_name: 'Alex' } }] },
      [['/recipients/0', 'oneOf'], ['/recipients/0', 'not']],
      'recipients object page: one identifier per recipient, send_to_existing_only not with a user alias'],
    ['messages/schedule/create page', 'messages.scheduleCreate', docs.messagesScheduleCreate,
      [['/broadcast', 'type'], ['/external_user_ids', 'type'], ['/user_aliases', 'type'], ['/schedule/time', 'pattern']],
      { ...docs.messagesScheduleCreate, broadcast: false, external_user_ids: ['external_user_identifier'], user_aliases: [docs.messagesScheduleCreate.user_aliases], schedule: { time: '2025-03-20T09:00:00', in_local_time: true, at_optimal_time: true } },
      [['/broadcast', 'type'], ['/external_user_ids', 'type'], ['/user_aliases', 'type'], ['/schedule/time', 'pattern']],
      'parameter table: broadcast is a boolean, the id lists are arrays; schedule object page: time is required (an empty string is no time)'],
    ['campaigns/trigger/schedule/create page', 'campaigns.triggerScheduleCreate', docs.campaignsTriggerScheduleCreate,
      [['/recipients/0/user_alias', 'type'], ['/recipients/0', 'oneOf'], ['/schedule/time', 'pattern']],
      { ...docs.campaignsTriggerScheduleCreate, recipients: [{ external_user_id: 'external_user_identifier', trigger_properties: {} }], schedule: { ...docs.campaignsTriggerScheduleCreate.schedule, time: '2025-03-20T14:00:00Z' } },
      [['/recipients/0/user_alias', 'type'], ['/recipients/0', 'oneOf'], ['/schedule/time', 'pattern']],
      'recipients object page: user_alias is a user alias object and one identifier per recipient; schedule object page: time is required'],
    ['canvas/trigger/schedule/create page', 'canvas.triggerScheduleCreate', docs.canvasTriggerScheduleCreate,
      [['/recipients/0/user_alias', 'type'], ['/recipients/0', 'oneOf'], ['/schedule/time', 'pattern']],
      { ...docs.canvasTriggerScheduleCreate, recipients: [{ external_user_id: 'external_user_identifier', canvas_entry_properties: {} }], schedule: { ...docs.canvasTriggerScheduleCreate.schedule, time: '2025-03-20T14:00:00Z' } },
      [['/recipients/0/user_alias', 'type'], ['/recipients/0', 'oneOf'], ['/schedule/time', 'pattern']],
      'recipients object page: user_alias is a user alias object and one identifier per recipient; schedule object page: time is required'],
    // The schedule object page advises against a UTC offset with in_local_time; these two pages
    // use `Z`. Braze takes it (the tolerant view passes, with a warning).
    ['campaigns/trigger/schedule/update page', 'campaigns.triggerScheduleUpdate', docs.campaignsTriggerScheduleUpdate,
      [['/schedule/time', 'pattern']],
      { ...docs.campaignsTriggerScheduleUpdate, schedule: { time: '2017-05-24T21:30:00', in_local_time: true } },
      [],
      'schedule object page: with local or optimal time, leave the time zone designator out (advice, not a refusal)'],
    ['canvas/trigger/schedule/update page', 'canvas.triggerScheduleUpdate', docs.canvasTriggerScheduleUpdate,
      [['/schedule/time', 'pattern']],
      { ...docs.canvasTriggerScheduleUpdate, schedule: { time: '2017-05-24T21:30:00', in_local_time: true } },
      [],
      'schedule object page: with local or optimal time, leave the time zone designator out (advice, not a refusal)'],
  ];
  it.each(cases)('%s (strict contract)', (_page, operationId, literal, expected, repaired) => {
    const v = requestValidator(operationId);
    for (const [path, keyword] of expected) failsOn(v, literal, keyword, path);
    passes(v, repaired);
  });
  it.each(cases)('%s (tolerant view)', (_page, operationId, literal, _strict, repaired, expected, rule) => {
    const v = requestValidator(operationId, 'tolerant');
    expect(rule.length).toBeGreaterThan(0);
    if (!expected.length) passes(v, literal);
    for (const [path, keyword] of expected) failsOn(v, literal, keyword, path);
    passes(v, repaired);
  });
});

describe('/canvas/trigger/send accepts the older canvas_entry_properties that existing clients send', () => {
  const v = () => requestValidator('canvas.triggerSend');
  it('on the request and on a recipient', () => {
    expect(
      problems(v(), {
        canvas_id: 'canvas-1',
        canvas_entry_properties: { product_name: 'shoes' },
        recipients: [{ external_user_id: 'u-1', canvas_entry_properties: { size: 42 } }],
      }),
    ).toEqual([]);
  });
  it('still refuses a misspelt one', () => {
    expect(problems(v(), { canvas_id: 'canvas-1', canvas_entry_property: {}, broadcast: true })).not.toEqual([]);
  });
});

// endpoints/messaging/live_activity/update.md prints this 400 body: a malformed JSON body is
// answered with `error`, not Braze's usual `message`.
describe('/messages/live_activity/update error answers', () => {
  const pageBody = {
    error: "\nProblem:\n  message body does not match declared format\nResolution:\n  when specifying application/json as content-type, you must pass valid application/json in the request's 'body' ",
  };
  it("the page's 400 body validates against the operation's 400 schema", () => expect(problems(responseValidator('messages.liveActivityUpdate', '400'), pageBody)).toEqual([]));
  it("Braze's usual { message } body still does", () => expect(problems(responseValidator('messages.liveActivityUpdate', '400'), { message: 'Invalid request' })).toEqual([]));
  it('a body with neither fails', () => expect(problems(responseValidator('messages.liveActivityUpdate', '400'), { detail: 'x' })).not.toEqual([]));
  it("the operation's own 400 example is the page's", () => {
    const response = operation('messages.liveActivityUpdate').operation.responses['400'];
    expect(response.content['application/json'].example).toEqual(pageBody);
  });
});
