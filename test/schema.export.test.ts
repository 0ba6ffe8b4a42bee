// The documented rules of the export operations (Campaigns, Canvas, Segments, Sessions, Custom
// Events, KPI, News Feed, Purchases): every limit or enum encoded in a query parameter or a
// response schema is proven by one value that passes and one that fails on that very rule, and the
// per-operation data the client reads (pagination, rate limits, deprecation) is checked as data.
import { describe, expect, it } from 'vitest';
import { operation, problems, spec, validatorAt, validatorFor } from './helpers/spec.js';

const param = (name: string) => `/components/parameters/${name}/schema`;
const ok = (pointer: string, value: unknown) => expect(problems(validatorAt(pointer), value)).toEqual([]);
/** Fails, and fails on `keyword` (so that a test cannot pass for an unrelated reason). */
const bad = (pointer: string, value: unknown, keyword: string) => {
  const found = problems(validatorAt(pointer), value);
  expect(found.some((p) => p.split(' ')[1] === keyword), `expected a "${keyword}" problem, got ${JSON.stringify(found)}`).toBe(true);
};
const schema = (name: string) => `/components/schemas/${name}`;

/** The operation's parameters with component `$ref`s resolved, plus their JSON pointers. */
function parametersOf(operationId: string) {
  const op = operation(operationId);
  return (op.operation.parameters ?? []).map((p: any, i: number) => {
    if (!p.$ref) return { ...p, pointer: `${op.pointer}/parameters/${i}/schema` };
    const name = p.$ref.replace('#/components/parameters/', '');
    return { ...spec.components.parameters[name], pointer: param(name) };
  });
}
const paramOf = (operationId: string, name: string) => {
  const found = parametersOf(operationId).find((p: any) => p.name === name);
  if (!found) throw new Error(`${operationId} has no parameter ${name}`);
  return found;
};

const SERIES_100 = ['campaigns.dataSeries', 'sends.dataSeries', 'segments.dataSeries', 'sessions.dataSeries', 'events.dataSeries',
  'kpi.dauDataSeries', 'kpi.mauDataSeries', 'kpi.newUsersDataSeries', 'kpi.uninstallsDataSeries', 'feed.dataSeries'];
const CANVAS_SERIES = ['canvas.dataSeries', 'canvas.dataSummary'];

describe('length: 1..100 for the data series, 1..14 for Canvas analytics', () => {
  it.each(SERIES_100)('%s takes a required length between 1 and 100', (id) => {
    const length = paramOf(id, 'length');
    expect(length.required).toBe(true);
    ok(length.pointer, 1);
    ok(length.pointer, 100);
    bad(length.pointer, 0, 'minimum');
    bad(length.pointer, 101, 'maximum');
    bad(length.pointer, 7.5, 'type');
  });
  it.each(CANVAS_SERIES)('%s takes an optional length (or starting_at) between 1 and 14', (id) => {
    const length = paramOf(id, 'length');
    expect(length.required).toBe(false);
    expect(paramOf(id, 'starting_at').required).toBe(false);
    ok(length.pointer, 14);
    bad(length.pointer, 15, 'maximum');
    bad(length.pointer, 0, 'minimum');
  });
});

describe('unit is day or hour', () => {
  it.each(['sessions.dataSeries', 'events.dataSeries', 'feed.dataSeries'])('%s', (id) => {
    const unit = paramOf(id, 'unit');
    ok(unit.pointer, 'day');
    ok(unit.pointer, 'hour');
    bad(unit.pointer, 'week', 'enum');
    bad(unit.pointer, 'DAY', 'enum');
  });
});

describe('dates', () => {
  it('ending_at is an ISO 8601 date-time with an offset', () => {
    ok(param('EndingAt'), '2024-06-28T23:59:59-05:00');
    ok(param('EndingAt'), '2024-06-28T23:59:59Z');
    bad(param('EndingAt'), '06/28/2024', 'format');
    bad(param('EndingAt'), 'yesterday', 'format');
  });
  it('ending_at is required for Canvas analytics only', () => {
    for (const id of CANVAS_SERIES) expect(paramOf(id, 'ending_at').required).toBe(true);
    for (const id of SERIES_100) expect(paramOf(id, 'ending_at').required).toBe(false);
  });
  it('starting_at is a date-time', () => {
    ok(param('StartingAt'), '2024-06-22T00:00:00-05:00');
    bad(param('StartingAt'), '2024-06-22 00:00', 'format');
  });
  it('last_edit.time[gt] is yyyy-MM-ddTHH:mm:ss, with an optional offset', () => {
    ok(param('LastEditTimeGt'), '2024-06-28T23:59:59');
    ok(param('LastEditTimeGt'), '2020-06-28T23:59:59-5:00');
    ok(param('LastEditTimeGt'), '2024-06-28T23:59:59Z');
    bad(param('LastEditTimeGt'), '2024-06-28', 'pattern');
    bad(param('LastEditTimeGt'), '28/06/2024 23:59', 'pattern');
  });
  it('bracketed query parameters stay optional (the mock server cannot check them)', () => {
    for (const id of ['campaigns.list', 'canvas.list']) {
      const p = paramOf(id, 'last_edit.time[gt]');
      expect(p.required).toBe(false);
    }
  });
});

describe('list parameters', () => {
  it('page counts from 0 and is an integer', () => {
    ok(param('Page'), 0);
    ok(param('Page'), 3);
    bad(param('Page'), -1, 'minimum');
    bad(param('Page'), 'first', 'type');
  });
  it('sort_direction is asc or desc', () => {
    ok(param('SortDirection'), 'asc');
    ok(param('SortDirection'), 'desc');
    bad(param('SortDirection'), 'newest', 'enum');
  });
  it.each(['IncludeArchived', 'PostLaunchDraftVersion', 'IncludeVariantBreakdown', 'IncludeStepBreakdown', 'IncludeDeletedStepData'])(
    '%s is a boolean',
    (name) => {
      ok(param(name), true);
      bad(param(name), 'yes', 'type');
    },
  );
});

describe('identifiers', () => {
  it.each([
    ['campaigns.details', 'campaign_id'], ['campaigns.dataSeries', 'campaign_id'], ['sends.dataSeries', 'campaign_id'],
    ['sends.dataSeries', 'send_id'], ['canvas.details', 'canvas_id'], ['canvas.dataSeries', 'canvas_id'],
    ['canvas.dataSummary', 'canvas_id'], ['segments.details', 'segment_id'], ['segments.dataSeries', 'segment_id'],
    ['events.dataSeries', 'event'], ['feed.details', 'card_id'], ['feed.dataSeries', 'card_id'],
  ])('%s requires a non-empty %s', (id, name) => {
    const p = paramOf(id, name);
    expect(p.required).toBe(true);
    bad(p.pointer, '', 'minLength');
  });
  it('segment_id and app_id only filter the session and event series', () => {
    for (const id of ['sessions.dataSeries', 'events.dataSeries']) {
      expect(paramOf(id, 'segment_id').required).toBe(false);
      expect(paramOf(id, 'app_id').required).toBe(false);
    }
  });
  it('send_id is ASCII and at most 64 characters', () => {
    const sendId = paramOf('sends.dataSeries', 'send_id').pointer;
    ok(sendId, 'a'.repeat(64));
    bad(sendId, 'a'.repeat(65), 'maxLength');
    bad(sendId, 'lancement-été', 'pattern');
  });
});

describe('campaign and send statistics', () => {
  const point = {
    time: '2024-06-27',
    unique_recipients: 10,
    conversions: 2,
    conversions1_by_send_time: 1,
    revenue: 19.99,
    messages: {
      android_push: [{ variation_api_id: 'v1', sent: 10, direct_opens: 2, total_opens: 3, bounces: 0, body_clicks: 2 }],
      email: [{ variation_api_id: 'v2', sent: 5, opens: 3, unique_opens: 2, clicks: 1, unique_clicks: 1, delivered: 5 }],
      content_cards: [{ variation_api_id: 'v3', sent: 4, total_impressions: 3, unique_dismissals: 1 }],
      trigger_in_app_message: [{ variation_name: 'Control Group', enrolled: 40, conversions: 1 }],
    },
  };
  const response = { message: 'success', data: [point] };
  it('accepts a multichannel day', () => ok(schema('CampaignsDataSeriesResponse'), response));
  it('stays open: Braze may add fields and channels', () =>
    ok(schema('CampaignsDataSeriesResponse'), { ...response, data: [{ ...point, new_metric: 1, messages: { ...point.messages, line: [{ sent: 1 }] } }] }));
  it('types the nested per-channel counters', () =>
    bad(schema('CampaignsDataSeriesResponse'), { ...response, data: [{ ...point, messages: { email: [{ sent: 'five' }] } }] }, 'type'));
  it('counters are never negative', () =>
    bad(schema('CampaignsDataSeriesResponse'), { ...response, data: [{ ...point, messages: { ios_push: [{ bounces: -1 }] } }] }, 'minimum'));
  it('top-level conversion fields are typed too', () =>
    bad(schema('CampaignsDataSeriesResponse'), { ...response, data: [{ ...point, conversions2: 1.5 }] }, 'type'));
  it('each day needs its date, as a date', () => {
    const { time: _drop, ...withoutTime } = point;
    bad(schema('CampaignsDataSeriesResponse'), { ...response, data: [withoutTime] }, 'required');
    bad(schema('CampaignsDataSeriesResponse'), { ...response, data: [{ ...point, time: 'June 27' }] }, 'format');
  });
  it('message is required', () => bad(schema('CampaignsDataSeriesResponse'), { data: [] }, 'required'));
  it('sends reuse the campaign day, with delivery and conversion counters on push', () => {
    ok(schema('SendsDataSeriesResponse'), {
      message: 'success',
      data: [{ time: '2024-06-27', conversions: 3, messages: { ios_push: [{ variation_name: 'A', sent: 9, delivered: 8, undelivered: 1, revenue: 12.5, conversions3: 0 }] } }],
    });
    bad(schema('PushMessageStats'), { delivered: '8' }, 'type');
  });
  it('the SMS, WhatsApp and webhook counters are typed', () => {
    ok(schema('MessageStatsByChannel'), { sms: [{ sent_to_carrier: 3, opt_out: 0, help: 1 }], whats_app: [{ read: 2, failed: 0 }], webhook: [{ errors: 0 }] });
    bad(schema('MessageStatsByChannel'), { sms: [{ opt_out: 'none' }] }, 'type');
    bad(schema('MessageStatsByChannel'), { whats_app: { read: 2 } }, 'type');
  });
});

describe('Canvas statistics', () => {
  const stats = {
    total_stats: { entries: 10, conversions: 2, conversions_by_entry_time: 2, revenue: 5 },
    variant_stats: { 'variant-1': { name: 'Variant 1', entries: 10 } },
    step_stats: { 'step-1': { name: 'Email', conversions: 1, messages: { email: [{ sent: 10, unique_opens: 4 }] } } },
  };
  it('accepts a day with variant and step breakdowns keyed by id', () =>
    ok(schema('CanvasDataSeriesResponse'), { message: 'success', data: { name: 'Onboarding', stats: [{ time: '2024-06-27', ...stats }] } }));
  it('types the statistics inside the id-keyed step map', () =>
    bad(schema('CanvasDataSeriesResponse'), { message: 'success', data: { stats: [{ time: '2024-06-27', step_stats: { s: { messages: { email: [{ sent: 'ten' }] } } } }] } }, 'type'));
  it('needs the stats array', () => bad(schema('CanvasDataSeriesResponse'), { message: 'success', data: { name: 'Onboarding' } }, 'required'));
  it('the summary has the same breakdowns, without days', () => {
    ok(schema('CanvasDataSummaryResponse'), { message: 'success', data: { name: 'Onboarding', ...stats } });
    bad(schema('CanvasDataSummaryResponse'), { message: 'success', data: { total_stats: { entries: -3 } } }, 'minimum');
  });
});

describe('details objects', () => {
  it('campaign messages are a map of typed message variations', () => {
    ok(schema('CampaignsDetailsResponse'), {
      message: 'success',
      messages: { 'var-1': { channel: 'webhook', url: 'https://hooks.example/x', method: 'POST', headers: { 'X-Token': 'abc' } } },
      conversion_behaviors: [{ type: 'Upgrades App', window: 86400, app_ids: null }],
    });
    bad(schema('CampaignsDetailsResponse'), { message: 'success', messages: { 'var-1': { channel: 'webhook', method: 'PUT' } } }, 'enum');
    bad(schema('CampaignsDetailsResponse'), { message: 'success', messages: { 'var-1': 'email' } }, 'type');
  });
  it('conversion behaviours have one of the documented types', () => {
    ok(schema('ConversionBehavior'), { type: 'Makes Specific Purchase', window: 86400, product: 'tent-2p' });
    bad(schema('ConversionBehavior'), { type: 'Buys Something', window: 86400 }, 'enum');
    bad(schema('ConversionBehavior'), { window: 86400 }, 'required');
  });
  it('Canvas steps carry typed paths and message maps', () => {
    ok(schema('CanvasDetailsResponse'), {
      message: 'success',
      variants: [{ id: 'v', name: 'Variant 1', first_step_ids: ['s1'] }],
      steps: [{ id: 's1', next_paths: [{ name: null, next_step_id: 's2' }], messages: { m: { channel: 'sms', body: 'Hi' } } }],
    });
    bad(schema('CanvasDetailsResponse'), { message: 'success', steps: [{ next_paths: [{ next_step_id: 7 }] }] }, 'type');
  });
  it('News Feed card types are NewsItem, CaptionedImage or Banner', () => {
    ok(schema('FeedCardListItem'), { id: 'c1', type: 'Banner' });
    bad(schema('FeedCardListItem'), { id: 'c1', type: 'ContentCard' }, 'enum');
  });
});

describe('series points and list pages', () => {
  it('hourly series take a date-time, daily ones a date', () => {
    ok(schema('SeriesTime'), '2024-06-28');
    ok(schema('SeriesTime'), '2024-06-28T14:00:00-05:00');
    bad(schema('SeriesTime'), '28 June 2024', 'anyOf');
  });
  it.each([
    ['KpiDauDataSeriesResponse', 'dau'], ['KpiMauDataSeriesResponse', 'mau'], ['KpiNewUsersDataSeriesResponse', 'new_users'],
    ['KpiUninstallsDataSeriesResponse', 'uninstalls'], ['SegmentsDataSeriesResponse', 'size'],
    ['SessionsDataSeriesResponse', 'sessions'], ['EventsDataSeriesResponse', 'count'],
  ])('%s points carry an integer %s', (name, field) => {
    ok(schema(name), { message: 'success', data: [{ time: '2024-06-28', [field]: 12 }] });
    bad(schema(name), { message: 'success', data: [{ time: '2024-06-28', [field]: '12' }] }, 'type');
    bad(schema(name), { message: 'success', data: [{ time: '2024-06-28' }] }, 'required');
  });
  it.each([
    ['CampaignsListResponse', 'campaigns', 100, { id: 'c', name: 'n' }],
    ['CanvasListResponse', 'canvases', 100, { id: 'c', name: 'n' }],
    ['SegmentsListResponse', 'segments', 100, { id: 's', name: 'n' }],
    ['FeedListResponse', 'cards', 100, { id: 'c' }],
    ['EventsListResponse', 'events', 250, 'added_to_cart'],
  ])('%s pages hold at most the documented %s', (name, field, size, item) => {
    ok(schema(name), { message: 'success', [field]: Array(size).fill(item) });
    bad(schema(name), { message: 'success', [field]: Array(size + 1).fill(item) }, 'maxItems');
  });
});

describe('operation data read by the client', () => {
  it.each([
    ['campaigns.list', 0, 100, 'campaigns'], ['canvas.list', 0, 100, 'canvases'], ['segments.list', 0, 100, 'segments'],
    ['events.list', 0, 250, 'events'], ['feed.list', 0, 100, 'cards'], ['purchases.productList', 0, undefined, 'products'],
  ])('%s pages by number from %i, %s items a page, in %s', (id, firstPage, pageSize, itemsField) => {
    const op = operation(id as string).operation;
    expect(op['x-braze-pagination']).toEqual({ style: 'page', pageParam: 'page', firstPage, ...(pageSize ? { pageSize } : {}), itemsField });
    const body = op.responses['200'].content['application/json'];
    expect(body.example[itemsField as string]).toBeInstanceOf(Array);
    expect(parametersOf(id as string).some((p: any) => p.name === 'page')).toBe(true);
  });
  it('/campaigns/data_series has its own 50,000 per minute budget', () => {
    expect(operation('campaigns.dataSeries').operation['x-braze-rate-limit']).toMatchObject({ requests: 50000, windowSeconds: 60 });
  });
  it('/events/list and /purchases/product_list share 1,000 calls per hour', () => {
    const a = operation('events.list').operation['x-braze-rate-limit'];
    const b = operation('purchases.productList').operation['x-braze-rate-limit'];
    expect(a).toMatchObject({ requests: 1000, windowSeconds: 3600 });
    expect(b.group).toBe(a.group);
  });
  it('every other export operation draws on the default budget, is idempotent and names its permission', () => {
    const ids = [...SERIES_100, ...CANVAS_SERIES, 'campaigns.list', 'campaigns.details', 'canvas.list', 'canvas.details',
      'segments.list', 'segments.details', 'feed.list', 'feed.details'].filter((id) => id !== 'campaigns.dataSeries');
    for (const id of ids) {
      const op = operation(id).operation;
      expect(op['x-braze-rate-limit'], id).toMatchObject({ requests: 250000, windowSeconds: 3600, group: 'default' });
      expect(op['x-braze-idempotent'], id).toBe(true);
      expect(op['x-braze-permission'], id).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
    }
  });
  it.each(['feed.list', 'feed.details', 'feed.dataSeries'])('%s is deprecated and points to Content Cards', (id) => {
    const op = operation(id).operation;
    expect(op.deprecated).toBe(true);
    expect(op.description).toMatch(/Content Cards/);
  });
});
