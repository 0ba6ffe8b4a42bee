// Operations where state matters beside profiles and catalogs: sends and triggers (each recorded
// with who it reached), schedules, send ids, content blocks, email templates, subscription groups
// and the email and SMS status lists.
import { badRequest, notFound, ok, type Ctx, type Reply, type Route } from './context.js';
import { parseBrazeDate } from './dates.js';
import { newId, newUuid, type Alias, type Profile, type Schedule, type Send, type Store } from './store.js';
import { applyAttributes } from './users.js';

const now = () => new Date().toISOString();
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// ---------------------------------------------------------------------------------------------
// Sends

interface Recipient {
  external_user_id?: string;
  user_alias?: Alias;
  braze_id?: string;
  email?: string;
  prioritization?: string[];
  send_to_existing_only?: boolean;
  attributes?: Record<string, unknown>;
  trigger_properties?: unknown;
  canvas_entry_properties?: unknown;
}

/** Finds (or, when asked, creates) a recipient's profile and applies its `attributes` first. */
function reach(store: Store, r: Recipient): Send['recipients'][number] {
  let p: Profile | undefined;
  if (r.external_user_id !== undefined) p = store.byExternalId(r.external_user_id);
  else if (r.user_alias) p = store.byAlias(r.user_alias);
  else if (r.braze_id !== undefined) p = store.byBrazeId(r.braze_id);
  else if (r.email !== undefined) p = store.prioritize(store.byField('email', r.email), r.prioritization ?? ['most_recently_updated']);
  // `send_to_existing_only: false` with attributes creates the user before sending.
  if (!p && r.send_to_existing_only === false && r.attributes) {
    if (r.external_user_id !== undefined) p = store.createProfile({ external_id: r.external_user_id });
    else if (r.user_alias) p = store.createProfile({ alias: r.user_alias });
  }
  if (p && r.attributes) applyAttributes(store, p, r.attributes);
  return {
    ...(r.external_user_id !== undefined ? { external_id: r.external_user_id } : {}),
    ...(r.user_alias ? { user_alias: r.user_alias } : {}),
    ...(r.braze_id !== undefined ? { braze_id: r.braze_id } : p ? { braze_id: p.braze_id } : {}),
    ...(r.email !== undefined ? { email: r.email } : {}),
    found: Boolean(p),
    ...(r.trigger_properties !== undefined ? { trigger_properties: r.trigger_properties } : {}),
    ...(r.canvas_entry_properties !== undefined ? { canvas_entry_properties: r.canvas_entry_properties } : {}),
  };
}

function hasAudience(body: any): boolean {
  return Boolean(body.broadcast || body.segment_id || body.audience || body.external_user_ids?.length || body.user_aliases?.length || body.recipients?.length);
}

function record(store: Store, operationId: string, body: any, recipients: Send['recipients']): Send {
  const send: Send = {
    dispatch_id: newId(16),
    operationId,
    at: now(),
    ...(body.campaign_id ? { campaign_id: body.campaign_id } : {}),
    ...(body.canvas_id ? { canvas_id: body.canvas_id } : {}),
    ...(body.send_id ? { send_id: body.send_id } : {}),
    broadcast: body.broadcast === true,
    ...(body.segment_id ? { segment_id: body.segment_id } : {}),
    recipients,
    ...(body.messages ? { messages: body.messages } : {}),
    ...(body.trigger_properties ? { trigger_properties: body.trigger_properties } : {}),
    ...(body.canvas_entry_properties ? { canvas_entry_properties: body.canvas_entry_properties } : {}),
  };
  store.sends.push(send);
  return send;
}

function messagesSend(ctx: Ctx): Reply {
  const { body, store } = ctx;
  if (!hasAudience(body)) return badRequest('Invalid request: name recipients (external_user_ids, user_aliases, segment_id or audience) or set broadcast to true');
  const recipients = [
    ...(body.external_user_ids ?? []).map((id: string) => reach(store, { external_user_id: id })),
    ...(body.user_aliases ?? []).map((a: Alias) => reach(store, { user_alias: a })),
  ];
  const send = record(store, ctx.op.operationId, body, recipients);
  return ok(201, { message: 'success', dispatch_id: send.dispatch_id, ...(body.send_id ? { send_id: body.send_id } : {}) });
}

function triggerSend(ctx: Ctx): Reply {
  const { body, store } = ctx;
  if (!hasAudience(body)) return badRequest('Invalid request: name recipients or audience, or set broadcast to true');
  const recipients = (body.recipients ?? []).map((r: Recipient) => reach(store, r));
  const send = record(store, ctx.op.operationId, body, recipients);
  return ok(201, { message: 'success', dispatch_id: send.dispatch_id });
}

function transactionalSend(ctx: Ctx): Reply {
  const { body, store, params } = ctx;
  const recipient = reach(store, { ...body.recipient, send_to_existing_only: body.recipient?.attributes ? false : true });
  const send = record(store, ctx.op.operationId, { ...body, campaign_id: params.campaign_id }, [recipient]);
  return ok(201, { dispatch_id: send.dispatch_id, status: 'queued', metadata: body.external_send_id ? { external_send_id: body.external_send_id } : {} });
}

// ---------------------------------------------------------------------------------------------
// Schedules

function scheduleCreate(kind: Schedule['kind']) {
  return (ctx: Ctx): Reply => {
    const { body, store } = ctx;
    if (kind === 'messages' && !hasAudience(body)) return badRequest('Invalid request: name recipients or a segment, or set broadcast to true');
    const time = parseBrazeDate(body.schedule?.time);
    if (!time) return badRequest(`Invalid request: schedule.time "${body.schedule?.time}" is not an ISO 8601 time`);
    const schedule: Schedule = {
      schedule_id: newUuid(),
      dispatch_id: newId(16),
      kind,
      ...(body.campaign_id ? { campaign_id: body.campaign_id } : {}),
      ...(body.canvas_id ? { canvas_id: body.canvas_id } : {}),
      name: body.campaign_id ?? body.canvas_id ?? 'API message',
      schedule: { ...body.schedule, time },
      request: body,
      created_at: now(),
    };
    store.schedules.push(schedule);
    return ok(201, { message: 'success', schedule_id: schedule.schedule_id, dispatch_id: schedule.dispatch_id });
  };
}

function findSchedule(ctx: Ctx, kind: Schedule['kind']): Schedule | undefined {
  return ctx.store.schedules.find((s) => s.schedule_id === ctx.body.schedule_id && s.kind === kind);
}

function scheduleUpdate(kind: Schedule['kind']) {
  return (ctx: Ctx): Reply => {
    const s = findSchedule(ctx, kind);
    if (!s) return notFound(`No scheduled message with schedule_id ${ctx.body.schedule_id}`);
    if (ctx.body.schedule) {
      const time = parseBrazeDate(ctx.body.schedule.time);
      if (!time) return badRequest(`Invalid request: schedule.time "${ctx.body.schedule.time}" is not an ISO 8601 time`);
      s.schedule = { ...ctx.body.schedule, time };
    }
    if (ctx.body.messages) s.request = { ...s.request, messages: ctx.body.messages };
    return ok(201, { message: 'success' });
  };
}

function scheduleDelete(kind: Schedule['kind']) {
  return (ctx: Ctx): Reply => {
    const s = findSchedule(ctx, kind);
    if (!s) return notFound(`No scheduled message with schedule_id ${ctx.body.schedule_id}`);
    ctx.store.schedules = ctx.store.schedules.filter((x) => x !== s);
    return ok(201, { message: 'success' });
  };
}

function listScheduled(ctx: Ctx): Reply {
  const end = parseBrazeDate(ctx.query.get('end_time')) ?? now();
  const list = ctx.store.schedules
    .filter((s) => s.schedule.time <= end)
    .sort((a, b) => (a.schedule.time < b.schedule.time ? -1 : 1))
    .map((s) => ({
      name: s.name,
      id: s.kind === 'canvas' ? s.canvas_id ?? s.schedule_id : s.campaign_id ?? s.schedule_id,
      type: s.kind === 'canvas' ? 'Canvas' : 'Campaign',
      tags: [],
      next_send_time: s.schedule.time,
      schedule_type: s.schedule.in_local_time ? 'local_time_zones' : s.schedule.at_optimal_time ? 'intelligent_delivery' : 'non_local_time',
    }));
  return ok(200, { scheduled_broadcasts: list, message: 'success' });
}

function createSendId(ctx: Ctx): Reply {
  const id = ctx.body.send_id ?? newId(8);
  ctx.store.sendIds.add(`${ctx.body.campaign_id}\u0000${id}`);
  return ok(201, { message: 'success', send_id: id });
}

// ---------------------------------------------------------------------------------------------
// Content blocks and email templates

function paged<T>(ctx: Ctx, list: T[], changed: (t: T) => string): T[] {
  const after = parseBrazeDate(ctx.query.get('modified_after'));
  const before = parseBrazeDate(ctx.query.get('modified_before'));
  const limit = Number(ctx.query.get('limit') ?? 100);
  const offset = Number(ctx.query.get('offset') ?? 0);
  return list.filter((t) => (!after || changed(t) >= after) && (!before || changed(t) <= before)).slice(offset, offset + limit);
}

function blockCreate(ctx: Ctx): Reply {
  const { body, store } = ctx;
  if ([...store.contentBlocks.values()].some((b) => b.name === body.name)) return badRequest(`Invalid request: a content block named ${body.name} already exists`);
  const at = now();
  const block = { content_block_id: newUuid(), name: body.name, description: body.description, content: body.content, state: body.state ?? 'active', tags: body.tags ?? [], created_at: at, last_edited: at };
  store.contentBlocks.set(block.content_block_id, block);
  return ok(201, { message: 'success', content_block_id: block.content_block_id, liquid_tag: `{{content_blocks.\${${block.name}}}}`, created_at: at });
}

function blockUpdate(ctx: Ctx): Reply {
  const { body, store } = ctx;
  const block = store.contentBlocks.get(body.content_block_id);
  if (!block) return badRequest(`Invalid request: no content block ${body.content_block_id}`);
  if (body.name !== undefined && body.name !== block.name && [...store.contentBlocks.values()].some((b) => b.name === body.name)) {
    return badRequest(`Invalid request: a content block named ${body.name} already exists`);
  }
  for (const k of ['name', 'description', 'content', 'state', 'tags'] as const) if (body[k] !== undefined) (block as any)[k] = body[k];
  block.last_edited = now();
  return ok(201, { message: 'success', content_block_id: block.content_block_id, liquid_tag: `{{content_blocks.\${${block.name}}}}`, created_at: block.created_at });
}

const contentType = (content: string) => (/<[a-z][\s\S]*>/i.test(content) ? 'html' : 'text');

function blockInfo(ctx: Ctx): Reply {
  const block = ctx.store.contentBlocks.get(ctx.query.get('content_block_id') ?? '');
  if (!block) return badRequest(`Invalid request: no content block ${ctx.query.get('content_block_id')}`);
  return ok(200, {
    message: 'success',
    content_block_id: block.content_block_id,
    name: block.name,
    content: block.content,
    ...(block.description !== undefined ? { description: block.description } : {}),
    content_type: contentType(block.content),
    tags: block.tags,
    created_at: block.created_at,
    last_edited: block.last_edited,
    inclusion_count: 0,
    ...(ctx.query.get('include_inclusion_data') === 'true' ? { inclusion_data: [] } : {}),
  });
}

function blockList(ctx: Ctx): Reply {
  const blocks = paged(ctx, [...ctx.store.contentBlocks.values()], (b) => b.last_edited).map((b) => ({
    content_block_id: b.content_block_id,
    name: b.name,
    content_type: contentType(b.content),
    liquid_tag: `{{content_blocks.\${${b.name}}}}`,
    inclusion_count: 0,
    created_at: b.created_at,
    last_edited: b.last_edited,
    tags: b.tags,
  }));
  return ok(200, { count: blocks.length, content_blocks: blocks });
}

const TEMPLATE_FIELDS = ['template_name', 'subject', 'body', 'plaintext_body', 'preheader', 'tags', 'should_inline_css'] as const;

function templateCreate(ctx: Ctx): Reply {
  const at = now();
  const t: any = { email_template_id: newUuid(), tags: [], created_at: at, updated_at: at };
  for (const k of TEMPLATE_FIELDS) if (ctx.body[k] !== undefined) t[k] = ctx.body[k];
  ctx.store.emailTemplates.set(t.email_template_id, t);
  return ok(201, { message: 'success', email_template_id: t.email_template_id });
}

function templateUpdate(ctx: Ctx): Reply {
  const t: any = ctx.store.emailTemplates.get(ctx.body.email_template_id);
  if (!t) return badRequest(`Invalid request: no email template ${ctx.body.email_template_id}`);
  for (const k of TEMPLATE_FIELDS) if (ctx.body[k] !== undefined) t[k] = ctx.body[k];
  t.updated_at = now();
  return ok(201, { message: 'success', email_template_id: t.email_template_id });
}

function templateInfo(ctx: Ctx): Reply {
  const t = ctx.store.emailTemplates.get(ctx.query.get('email_template_id') ?? '');
  if (!t) return badRequest(`Invalid request: no email template ${ctx.query.get('email_template_id')}`);
  return ok(200, { ...t });
}

function templateList(ctx: Ctx): Reply {
  const templates = paged(ctx, [...ctx.store.emailTemplates.values()], (t) => t.updated_at).map((t) => ({
    email_template_id: t.email_template_id,
    template_name: t.template_name,
    created_at: t.created_at,
    updated_at: t.updated_at,
    tags: t.tags,
  }));
  return ok(200, { count: templates.length, templates });
}

// ---------------------------------------------------------------------------------------------
// Subscription groups

function subscriptionTargets(store: Store, ids: { external_id?: unknown; email?: unknown; phone?: unknown }): Profile[] {
  const found = new Set<Profile>();
  for (const id of asList(ids.external_id as string | string[])) {
    const p = store.byExternalId(id);
    if (p) found.add(p);
  }
  for (const e of asList(ids.email as string | string[])) for (const p of store.byField('email', e)) found.add(p);
  for (const ph of asList(ids.phone as string | string[])) for (const p of store.byField('phone', ph)) found.add(p);
  return [...found];
}

function setStatus(ctx: Ctx): Reply {
  const { body, store } = ctx;
  if (!body.external_id && !body.email && !body.phone) return badRequest('Invalid request: name users by external_id, email or phone');
  for (const p of subscriptionTargets(store, body)) {
    p.subscription_groups.set(body.subscription_group_id, body.subscription_state);
    p.updated_at = store.tick();
  }
  return ok(201, { message: 'success' });
}

function setStatusV2(ctx: Ctx): Reply {
  const { body, store } = ctx;
  for (const g of body.subscription_groups ?? []) {
    for (const p of subscriptionTargets(store, { external_id: g.external_ids, email: g.emails, phone: g.phones })) {
      p.subscription_groups.set(g.subscription_group_id, g.subscription_state);
      p.updated_at = store.tick();
    }
  }
  return ok(201, { message: 'success' });
}

function getStatus(ctx: Ctx): Reply {
  const { query, store } = ctx;
  const group = query.get('subscription_group_id') ?? '';
  const status: Record<string, string> = {};
  const word = (p: Profile | undefined) => {
    const s = p?.subscription_groups.get(group);
    return s === 'subscribed' ? 'Subscribed' : s === 'unsubscribed' ? 'Unsubscribed' : 'Unknown';
  };
  for (const name of ['external_id', 'email', 'phone'] as const) {
    for (const value of [...query.getAll(name), ...query.getAll(`${name}[]`)].flatMap((v) => v.split(','))) {
      const p = name === 'external_id' ? store.byExternalId(value) : store.byField(name, value)[0];
      status[value] = word(p);
    }
  }
  return ok(200, { message: 'success', status });
}

function getUserStatus(ctx: Ctx): Reply {
  const { query, store } = ctx;
  const profiles = subscriptionTargets(store, {
    external_id: [...query.getAll('external_id'), ...query.getAll('external_id[]')],
    email: [...query.getAll('email'), ...query.getAll('email[]')],
    phone: [...query.getAll('phone'), ...query.getAll('phone[]')],
  });
  const groups = new Map<string, string>();
  for (const p of profiles) for (const [g, s] of p.subscription_groups) groups.set(g, s);
  const limit = Number(query.get('limit') ?? 100);
  const offset = Number(query.get('offset') ?? 0);
  const list = [...groups].map(([subscription_group_id, subscription_status]) => ({ subscription_group_id, subscription_status })).slice(offset, offset + limit);
  return ok(200, { success: true, subscription_groups: list });
}

// ---------------------------------------------------------------------------------------------
// Email and SMS status lists

function setEmailState(store: Store, email: string, state: string): void {
  store.emailStatus.set(email.toLowerCase(), { state, at: now() });
  for (const p of store.byField('email', email)) {
    p.fields.email_subscribe = state;
    p.updated_at = store.tick();
  }
}

function emailSetStatus(ctx: Ctx): Reply {
  for (const e of asList<string>(ctx.body.email)) setEmailState(ctx.store, e, ctx.body.subscription_state);
  return ok(201, { message: 'success' });
}

function emailBlocklist(ctx: Ctx): Reply {
  // Blocklisting unsubscribes the address and marks it hard bounced.
  for (const e of asList<string>(ctx.body.email)) {
    setEmailState(ctx.store, e, 'unsubscribed');
    ctx.store.hardBounces.set(e.toLowerCase(), now());
  }
  return ok(201, { message: 'success' });
}

function emailRemoveFrom(list: 'hardBounces' | 'spam') {
  return (ctx: Ctx): Reply => {
    for (const e of asList<string>(ctx.body.email)) ctx.store[list].delete(e.toLowerCase());
    return ok(201, { message: 'success' });
  };
}

function dateRange(ctx: Ctx): { from?: string; to?: string } {
  const from = parseBrazeDate(ctx.query.get('start_date'));
  const end = parseBrazeDate(ctx.query.get('end_date'));
  // The end date counts as a whole day.
  return { from, to: end ? new Date(Date.parse(end) + 86_400_000 - 1).toISOString() : undefined };
}

function window<T>(ctx: Ctx, list: T[]): T[] {
  const limit = Number(ctx.query.get('limit') ?? 100);
  const offset = Number(ctx.query.get('offset') ?? 0);
  return list.slice(offset, offset + limit);
}

function listUnsubscribes(ctx: Ctx): Reply {
  const only = ctx.query.get('email')?.toLowerCase();
  const { from, to } = dateRange(ctx);
  let rows = [...ctx.store.emailStatus]
    .filter(([e, s]) => s.state === 'unsubscribed' && (only ? e === only : (!from || s.at >= from) && (!to || s.at <= to)))
    .map(([email, s]) => ({ email, unsubscribed_at: s.at }));
  rows.sort((a, b) => (a.unsubscribed_at < b.unsubscribed_at ? -1 : 1));
  if (ctx.query.get('sort_direction') !== 'asc') rows = rows.reverse();
  return ok(200, { message: 'success', emails: window(ctx, rows) });
}

function listHardBounces(ctx: Ctx): Reply {
  const only = ctx.query.get('email')?.toLowerCase();
  const { from, to } = dateRange(ctx);
  const rows = [...ctx.store.hardBounces]
    .filter(([e, at]) => (only ? e === only : (!from || at >= from) && (!to || at <= to)))
    .map(([email, at]) => ({ email, hard_bounced_at: at }));
  return ok(200, { message: 'success', emails: window(ctx, rows) });
}

function listInvalidPhones(ctx: Ctx): Reply {
  const wanted = [...ctx.query.getAll('phone_numbers[]'), ...ctx.query.getAll('phone_numbers')].flatMap((v) => v.split(','));
  const reason = ctx.query.get('reason');
  const { from, to } = dateRange(ctx);
  const rows = [...ctx.store.invalidPhones]
    .filter(([phone, v]) => (wanted.length ? wanted.includes(phone) : (!from || v.at >= from) && (!to || v.at <= to)) && (!reason || v.reason === reason))
    .map(([phone, v]) => ({ phone, invalid_detected_at: v.at, reason: v.reason }));
  return ok(200, { message: 'success', sms: window(ctx, rows) });
}

function removeInvalidPhones(ctx: Ctx): Reply {
  for (const p of ctx.body.phone_numbers ?? []) ctx.store.invalidPhones.delete(p);
  return ok(201, { message: 'success' });
}

// ---------------------------------------------------------------------------------------------
// Preference centers

const seconds = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z');

function centerCreate(ctx: Ctx): Reply {
  const { body, store } = ctx;
  if ([...store.preferenceCenters.values()].some((c) => c.name === body.name)) return badRequest(`Invalid request: a preference center named ${body.name} already exists`);
  const at = seconds(now());
  const center = {
    preference_center_api_id: newUuid(),
    name: body.name,
    ...(body.preference_center_title !== undefined ? { preference_center_title: body.preference_center_title } : {}),
    preference_center_page_html: body.preference_center_page_html,
    confirmation_page_html: body.confirmation_page_html,
    state: body.state ?? 'active',
    ...(body.options !== undefined ? { options: body.options } : {}),
    created_at: at,
    updated_at: at,
  };
  store.preferenceCenters.set(center.preference_center_api_id, center);
  return ok(201, { preference_center_api_id: center.preference_center_api_id, liquid_tag: `{{preference_center.\${${center.name}}}}`, created_at: at, message: 'success' });
}

function centerList(ctx: Ctx): Reply {
  const list = [...ctx.store.preferenceCenters.values()].map((c) => ({ name: c.name, preference_center_api_id: c.preference_center_api_id, created_at: c.created_at, updated_at: c.updated_at }));
  return ok(200, { preference_centers: list });
}

function centerGet(ctx: Ctx): Reply {
  const c = ctx.store.preferenceCenters.get(ctx.params.preferenceCenterExternalId);
  if (!c) return notFound(`No preference center ${ctx.params.preferenceCenterExternalId}`);
  const { options, state: _state, ...rest } = c;
  return ok(200, { ...rest, ...(options !== undefined ? { preference_center_options: options } : {}) });
}

function centerUpdate(ctx: Ctx): Reply {
  const c = ctx.store.preferenceCenters.get(ctx.params.preferenceCenterExternalId);
  if (!c) return notFound(`No preference center ${ctx.params.preferenceCenterExternalId}`);
  if (ctx.body.name !== undefined && ctx.body.name !== c.name) return badRequest('Invalid request: a preference center cannot be renamed');
  for (const k of ['preference_center_title', 'preference_center_page_html', 'confirmation_page_html', 'state', 'options'] as const) if (ctx.body[k] !== undefined) (c as any)[k] = ctx.body[k];
  c.updated_at = seconds(now());
  return ok(200, { preference_center_api_id: c.preference_center_api_id, created_at: c.created_at, updated_at: c.updated_at, message: 'success' });
}

function centerUrl(ctx: Ctx): Reply {
  const { preferenceCenterExternalId: id, userId } = ctx.params;
  if (!ctx.store.preferenceCenters.has(id)) return notFound(`No preference center ${id}`);
  if (!ctx.store.byExternalId(userId)) return notFound(`No user ${userId}`);
  return ok(200, { preference_center_url: `${ctx.url.protocol}//${ctx.url.host}/__emulator/preference_center/${encodeURIComponent(id)}/${encodeURIComponent(userId)}` });
}

export const messagingRoutes: Record<string, Route> = {
  'preferenceCenter.create': { handle: centerCreate },
  'preferenceCenter.list': { handle: centerList },
  'preferenceCenter.get': { handle: centerGet },
  'preferenceCenter.update': { handle: centerUpdate },
  'preferenceCenter.getUrl': { handle: centerUrl },
  'messages.send': { handle: messagesSend },
  'campaigns.triggerSend': { handle: triggerSend },
  'canvas.triggerSend': { handle: triggerSend },
  'transactional.send': { handle: transactionalSend },
  'messages.scheduleCreate': { handle: scheduleCreate('messages') },
  'messages.scheduleUpdate': { handle: scheduleUpdate('messages') },
  'messages.scheduleDelete': { handle: scheduleDelete('messages') },
  'campaigns.triggerScheduleCreate': { handle: scheduleCreate('campaign') },
  'campaigns.triggerScheduleUpdate': { handle: scheduleUpdate('campaign') },
  'campaigns.triggerScheduleDelete': { handle: scheduleDelete('campaign') },
  'canvas.triggerScheduleCreate': { handle: scheduleCreate('canvas') },
  'canvas.triggerScheduleUpdate': { handle: scheduleUpdate('canvas') },
  'canvas.triggerScheduleDelete': { handle: scheduleDelete('canvas') },
  'messages.listScheduledBroadcasts': { handle: listScheduled },
  'sends.createId': { handle: createSendId },
  'contentBlocks.create': { handle: blockCreate },
  'contentBlocks.update': { handle: blockUpdate },
  'contentBlocks.get': { handle: blockInfo },
  'contentBlocks.list': { handle: blockList },
  'templates.createEmail': { handle: templateCreate },
  'templates.updateEmail': { handle: templateUpdate },
  'templates.getEmail': { handle: templateInfo },
  'templates.listEmail': { handle: templateList },
  'subscription.setStatus': { handle: setStatus },
  'subscription.setStatusV2': { handle: setStatusV2 },
  'subscription.getStatus': { handle: getStatus },
  'subscription.getUserStatus': { handle: getUserStatus },
  'email.setStatus': { handle: emailSetStatus },
  'email.blocklist': { handle: emailBlocklist },
  'email.blacklist': { handle: emailBlocklist },
  'email.removeBounces': { handle: emailRemoveFrom('hardBounces') },
  'email.removeSpam': { handle: emailRemoveFrom('spam') },
  'email.listUnsubscribes': { handle: listUnsubscribes },
  'email.listHardBounces': { handle: listHardBounces },
  'sms.listInvalidPhoneNumbers': { handle: listInvalidPhones },
  'sms.removeInvalidPhoneNumbers': { handle: removeInvalidPhones },
};
