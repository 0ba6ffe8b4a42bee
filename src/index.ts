export { createBrazeClient, checkBody, MAX_BODY_BYTES, VERSION } from './client.js';
export type { BrazeClient, BrazeClientOptions, Endpoint, WithResponse } from './client.js';
export {
  BrazeError,
  BrazeConfigError,
  BrazeValidationError,
  BrazeApiError,
  BrazeRateLimitError,
  BrazeTimeoutError,
  BrazeNetworkError,
  BrazeResponseError,
  BrazeAbortError,
} from './errors.js';
export type { RateLimitState } from './errors.js';
export type { BrazeMethods, CallOptions, Input, MethodOf, Namespace, PaginateOptions, PathOf, QueryOf, RequestBody, ResponseOf } from './types.js';
export type { BatchBase, BatchField, BatchItem, BatchOperationId, BulkTrackRow, TrackAttributes, TrackEvent, TrackPurchase } from './types.js';
// One named type per operation (`UsersTrackBody`, `UsersTrackResult`, `CatalogsListItemsQuery`...)
// and the documented method interfaces (`UsersMethods`...): types only, nothing at run time.
export * from '../generated/methods.js';
// The full endpoint table is `braze-openapi/endpoints` (ENDPOINTS): the client loads it on its
// first call, so that it stays out of the core bundle.
export { INSTANCES, type Instance } from '../generated/operations.js';
export type { OperationId } from '../generated/endpoints.js';
export type { paths, components, operations } from '../generated/schema.js';
export type { BudgetState, RateLimitStore, StoreObservation, StoreOptions } from './limiter.js';
export type { BrazeValidationWarning } from './validate.js';
export type { HookInfo, Logger, RetryInfo, RetryOptions } from './retry.js';
export type { ItemOf, PaginatedId } from './paginate.js';
export type { Bulk, BulkError, BulkFailure, BulkOptions, BulkProgress, BulkResult, FlatTrackRow, TrackInput, TrackRow } from './bulk.js';
