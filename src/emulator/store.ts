// Everything the emulator remembers, in memory: profiles, the events and purchases recorded on
// them, sends, schedules, catalogs, content blocks, email templates and the status lists. `reset()`
// empties it; `snapshot()` is what GET /__emulator/state returns.
import { randomBytes } from 'node:crypto';

export interface Alias {
  alias_name: string;
  alias_label: string;
}

export interface Summary {
  first: string;
  last: string;
  count: number;
}

export interface Profile {
  braze_id: string;
  external_id?: string;
  /** Earlier external ids still usable until /users/external_ids/remove drops them. */
  deprecated_external_ids: string[];
  user_aliases: Alias[];
  created_at: string;
  updated_at: number;
  random_bucket: number;
  /** Braze's standard profile fields (first_name, email, dob...), as they would be exported. */
  fields: Record<string, unknown>;
  custom_attributes: Record<string, unknown>;
  custom_events: Map<string, Summary>;
  purchases: Map<string, Summary>;
  push_tokens: { app: string; platform?: string; token: string; device_id?: string; notifications_enabled?: boolean }[];
  subscription_groups: Map<string, 'subscribed' | 'unsubscribed'>;
}

export interface RecordedEvent {
  braze_id: string;
  external_id?: string;
  name: string;
  time: string;
  app_id?: string;
  properties?: Record<string, unknown>;
}

export interface RecordedPurchase {
  braze_id: string;
  external_id?: string;
  product_id: string;
  currency: string;
  price: number;
  quantity: number;
  time: string;
  app_id?: string;
  properties?: Record<string, unknown>;
}

export interface Send {
  dispatch_id: string;
  operationId: string;
  at: string;
  campaign_id?: string;
  canvas_id?: string;
  send_id?: string;
  broadcast: boolean;
  segment_id?: string;
  /** Who it reached: one entry per recipient the request named. */
  recipients: { external_id?: string; user_alias?: Alias; braze_id?: string; email?: string; found: boolean; trigger_properties?: unknown; canvas_entry_properties?: unknown }[];
  messages?: unknown;
  trigger_properties?: unknown;
  canvas_entry_properties?: unknown;
}

export interface Schedule {
  schedule_id: string;
  dispatch_id: string;
  kind: 'messages' | 'campaign' | 'canvas';
  campaign_id?: string;
  canvas_id?: string;
  name: string;
  schedule: { time: string; in_local_time?: boolean; at_optimal_time?: boolean };
  request: Record<string, unknown>;
  created_at: string;
}

export interface Catalog {
  name: string;
  description: string;
  fields: { name: string; type: string }[];
  items: Map<string, Record<string, unknown>>;
  updated_at: string;
}

export interface ContentBlock {
  content_block_id: string;
  name: string;
  description?: string;
  content: string;
  state: string;
  tags: string[];
  created_at: string;
  last_edited: string;
}

export interface EmailTemplate {
  email_template_id: string;
  template_name: string;
  subject?: string;
  body?: string;
  plaintext_body?: string;
  preheader?: string;
  should_inline_css?: boolean;
  tags: string[];
  created_at: string;
  updated_at: string;
}

export interface PreferenceCenter {
  preference_center_api_id: string;
  name: string;
  preference_center_title?: string;
  preference_center_page_html: string;
  confirmation_page_html: string;
  state: string;
  options?: unknown;
  created_at: string;
  updated_at: string;
}

/**
 * A data object type. Braze defines types in its dashboard (no API creates one): seed them with
 * `startEmulator({ dataObjectTypes })`. Without seeded types, a type comes into being on the
 * first write to it (`implicit`), holds any field, and is described by the fields it holds.
 */
/** Workspace limits on Data Objects; each is off when absent. */
export interface DataObjectLimits {
  /** Objects of one type. */
  recordsPerType?: number;
  /** Object-to-object relationships of one object, from either end. */
  relationshipsPerObject?: number;
  /** Objects one user is related to. */
  objectsPerUser?: number;
  /** Users related to one object. */
  usersPerObject?: number;
}

export interface DataObjectType {
  type_name: string;
  metadata?: Record<string, unknown>;
  /** The attributes' JSON Schema; a seeded one is enforced (an undeclared field or a wrong type is a 400). */
  schema_def?: { type?: string; properties?: Record<string, Record<string, unknown>>; required?: string[]; [k: string]: unknown };
  /** The kinds that link an object of this type (the source end) to another type; when given, other kinds are refused. */
  object_relationship_types?: { rel_kind: string; to_type_name: string; display_name?: string }[];
  /** The kinds that link a user to an object of this type; when given, other kinds are refused. */
  user_relationship_types?: { rel_kind: string; display_name?: string }[];
  implicit?: boolean;
}

export interface DataObjectRecord {
  type_name: string;
  external_id: string;
  attributes: Record<string, unknown>;
}

export interface ObjectLink {
  rel_kind: string;
  from: { type_name: string; external_id: string };
  to: { type_name: string; external_id: string };
  attributes: Record<string, unknown>;
}

export interface UserLink {
  type_name: string;
  external_id: string;
  rel_kind: string;
  braze_id: string;
  attributes: Record<string, unknown>;
}

export function newId(bytes = 12): string {
  return randomBytes(bytes).toString('hex');
}

export function newUuid(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const dataObjectKey = (typeName: string, externalId: string) => `${typeName}\u0000${externalId}`;

export class Store {
  profiles: Profile[] = [];
  events: RecordedEvent[] = [];
  purchases: RecordedPurchase[] = [];
  sends: Send[] = [];
  schedules: Schedule[] = [];
  catalogs = new Map<string, Catalog>();
  contentBlocks = new Map<string, ContentBlock>();
  emailTemplates = new Map<string, EmailTemplate>();
  preferenceCenters = new Map<string, PreferenceCenter>();
  /** Email address → its global email subscription state and when it last changed. */
  emailStatus = new Map<string, { state: string; at: string }>();
  hardBounces = new Map<string, string>();
  spam = new Map<string, string>();
  invalidPhones = new Map<string, { at: string; reason: string }>();
  sendIds = new Set<string>();
  /** Types seeded at start; `reset()` keeps them (they stand for the dashboard's definitions). */
  seededDataObjectTypes: DataObjectType[] = [];
  /** Workspace limits on Data Objects (`startEmulator({ dataObjectLimits })`); `reset()` keeps them. */
  dataObjectLimits: DataObjectLimits = {};
  dataObjectTypes = new Map<string, DataObjectType>();
  /** Keyed by `dataObjectKey(type_name, external_id)`. */
  dataObjects = new Map<string, DataObjectRecord>();
  objectLinks: ObjectLink[] = [];
  userLinks: UserLink[] = [];
  private clock = 0;
  /** Indexes by primary and by deprecated external id, kept by the methods below. */
  private primaryIds = new Map<string, Profile>();
  private deprecatedIds = new Map<string, Profile>();

  reset(): void {
    this.profiles = [];
    this.events = [];
    this.purchases = [];
    this.sends = [];
    this.schedules = [];
    this.catalogs.clear();
    this.contentBlocks.clear();
    this.emailTemplates.clear();
    this.preferenceCenters.clear();
    this.emailStatus.clear();
    this.hardBounces.clear();
    this.spam.clear();
    this.invalidPhones.clear();
    this.sendIds.clear();
    this.dataObjectTypes = new Map(this.seededDataObjectTypes.map((t) => [t.type_name, structuredClone(t)]));
    this.dataObjects.clear();
    this.objectLinks = [];
    this.userLinks = [];
    this.primaryIds.clear();
    this.deprecatedIds.clear();
  }

  /** A strictly increasing stamp, so that "most recently updated" is well defined. */
  tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }

  createProfile(init: { external_id?: string; alias?: Alias } = {}): Profile {
    const profile: Profile = {
      braze_id: newId(),
      external_id: init.external_id,
      deprecated_external_ids: [],
      user_aliases: init.alias ? [{ alias_name: init.alias.alias_name, alias_label: init.alias.alias_label }] : [],
      created_at: new Date().toISOString(),
      updated_at: this.tick(),
      random_bucket: randomBytes(2).readUInt16BE(0) % 10000,
      fields: {},
      custom_attributes: {},
      custom_events: new Map(),
      purchases: new Map(),
      push_tokens: [],
      subscription_groups: new Map(),
    };
    this.profiles.push(profile);
    if (init.external_id !== undefined) this.primaryIds.set(init.external_id, profile);
    return profile;
  }

  removeProfile(profile: Profile): void {
    this.profiles = this.profiles.filter((p) => p !== profile);
    if (profile.external_id !== undefined && this.primaryIds.get(profile.external_id) === profile) this.primaryIds.delete(profile.external_id);
    for (const old of profile.deprecated_external_ids) this.deprecatedIds.delete(old);
  }

  /** Gives a profile its (first) external id. */
  identify(profile: Profile, id: string): void {
    profile.external_id = id;
    this.primaryIds.set(id, profile);
  }

  /** A new primary external id; the old one stays usable as a deprecated id. */
  rename(profile: Profile, id: string): void {
    const old = profile.external_id;
    if (old !== undefined) {
      this.primaryIds.delete(old);
      profile.deprecated_external_ids.push(old);
      this.deprecatedIds.set(old, profile);
    }
    this.identify(profile, id);
  }

  /** Drops a deprecated external id; false when it is not one. */
  removeDeprecated(id: string): boolean {
    const profile = this.deprecatedIds.get(id);
    if (!profile) return false;
    profile.deprecated_external_ids = profile.deprecated_external_ids.filter((d) => d !== id);
    this.deprecatedIds.delete(id);
    return true;
  }

  /** The profile whose primary external id this is. */
  byPrimaryId(id: string): Profile | undefined {
    return this.primaryIds.get(id);
  }

  /** The profile with this external id, primary or deprecated. */
  byExternalId(id: string): Profile | undefined {
    return this.primaryIds.get(id) ?? this.deprecatedIds.get(id);
  }

  byAlias(alias: Alias | undefined): Profile | undefined {
    if (!alias) return undefined;
    return this.profiles.find((p) => p.user_aliases.some((a) => a.alias_name === alias.alias_name && a.alias_label === alias.alias_label));
  }

  byBrazeId(id: string): Profile | undefined {
    return this.profiles.find((p) => p.braze_id === id);
  }

  /** Every profile with this email or phone, most recently updated first. */
  byField(field: 'email' | 'phone', value: string): Profile[] {
    const wanted = field === 'email' ? value.toLowerCase() : value;
    return this.profiles
      .filter((p) => {
        const v = p.fields[field];
        return typeof v === 'string' && (field === 'email' ? v.toLowerCase() : v) === wanted;
      })
      .sort((a, b) => b.updated_at - a.updated_at);
  }

  /** Picks one of several profiles by Braze's `prioritization` list; undefined when still ambiguous. */
  prioritize(candidates: Profile[], prioritization: string[] | undefined): Profile | undefined {
    if (candidates.length <= 1) return candidates[0];
    let pool = candidates;
    for (const rule of prioritization ?? []) {
      if (rule === 'identified') pool = pool.filter((p) => p.external_id !== undefined);
      else if (rule === 'unidentified') pool = pool.filter((p) => p.external_id === undefined);
      else if (rule === 'most_recently_updated') pool = [...pool].sort((a, b) => b.updated_at - a.updated_at).slice(0, 1);
      else if (rule === 'least_recently_updated') pool = [...pool].sort((a, b) => a.updated_at - b.updated_at).slice(0, 1);
      if (pool.length <= 1) return pool[0];
    }
    return undefined;
  }
}
