// What a handler receives and returns.
import type { Spec, SpecOperation } from './spec.js';
import type { Store } from './store.js';

export interface Ctx {
  body: any;
  query: URLSearchParams;
  params: Record<string, string>;
  store: Store;
  op: SpecOperation;
  spec: Spec;
  url: URL;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  handle: (ctx: Ctx) => Reply;
  /** The handler checks the body itself (for `/users/track`, which reports bad objects inside its 201). */
  ownValidation?: boolean;
}

export const ok = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
export const badRequest = (message: string, errors?: unknown[]): Reply => ({ status: 400, body: errors ? { message, errors } : { message } });
export const notFound = (message = 'Not found'): Reply => ({ status: 404, body: { message } });
