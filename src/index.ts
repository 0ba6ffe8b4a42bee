export { createBrazeClient, checkBody, MAX_BODY_BYTES } from './client.js';
export type { BrazeClient, BrazeClientOptions, Endpoint } from './client.js';
export {
  BrazeError,
  BrazeConfigError,
  BrazeValidationError,
  BrazeApiError,
  BrazeRateLimitError,
  BrazeTimeoutError,
  BrazeNetworkError,
} from './errors.js';
export type { RateLimitState } from './errors.js';
export type { BrazeMethods, CallOptions, Input, PathOf, QueryOf, RequestBody, ResponseOf } from './types.js';
export { ENDPOINTS, INSTANCES } from '../generated/endpoints.js';
export type { Instance, OperationId } from '../generated/endpoints.js';
export type { paths, components, operations } from '../generated/schema.js';
export type { BudgetState, RateLimitStore, StoreObservation, StoreOptions } from './limiter.js';
export type { RetryInfo, RetryOptions } from './retry.js';
export type { ItemOf, PaginatedId } from './paginate.js';
export type { Bulk, BulkFailure, BulkOptions, BulkProgress, BulkResult, TrackRow } from './bulk.js';
