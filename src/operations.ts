// The part of the endpoint table the core client needs before its first call: every operationId
// (one method each) and each operation's budget (for the synchronous `braze.rateLimit(id)`). The
// full table (src/endpoints.ts: paths, parameters, required fields, limits...) is a file of its
// own, loaded with a literal `import('./endpoints.js')` on the first call and kept from then on:
// with ~160 operations it would otherwise be a third of the core bundle.
import { BUDGETS, DEFAULT_RATE_LIMIT, OPERATIONS } from '../generated/operations.js';
import type { OperationId } from '../generated/endpoints.js';
import type { Endpoint } from './endpoints.js';
import type { LimitSpec } from './limiter.js';

/** Every operationId of the table, in its order. */
export const operationIds: OperationId[] = [];
const budgets = new Map<string, LimitSpec>();
const BUDGET_LIST: LimitSpec[] = BUDGETS.split(';').map((b) => {
  const [requests, windowSeconds, group] = b.split('/');
  return requests === '*' ? { unlimited: true, group: windowSeconds } : { requests: +requests, windowSeconds: +windowSeconds, ...(group ? { group } : {}) };
});
for (const group of OPERATIONS.split(';')) {
  const [namespace, methods] = group.split(':');
  for (const method of methods.split(',')) {
    const [name, budget] = method.split('=');
    const id = `${namespace}.${name}` as OperationId;
    operationIds.push(id);
    budgets.set(id, budget ? BUDGET_LIST[+budget] : DEFAULT_RATE_LIMIT);
  }
}

/** The budget of an operation (the same as its row's `rateLimit`), or undefined for an unknown operationId. */
export const budgetOf = (operationId: string): LimitSpec | undefined => budgets.get(operationId);

export type EndpointOf = (operationId: string) => Endpoint | undefined;
let table: EndpointOf | undefined;
let loading: Promise<EndpointOf> | undefined;

/** The full table's reader once loaded, else undefined: lets a call skip an await once it is there. */
export const loadedEndpoints = (): EndpointOf | undefined => table;

/** Loads the full table (once) and gives its reader. */
export const loadEndpoints = (): Promise<EndpointOf> =>
  (loading ??= import('./endpoints.js').then(
    (m) => (table = m.endpointOf),
    (error) => {
      // A failed load (a file missing from a deployment) is tried again by the next call.
      loading = undefined;
      throw error;
    },
  ));
