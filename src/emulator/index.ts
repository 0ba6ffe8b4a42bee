// `braze-openapi/emulator`: a local, stateful Braze REST API for tests. See README.md here.
export { startEmulator, snapshot, type Emulator, type EmulatorOptions, type EmulatorState } from './server.js';
export type { FaultOptions, RateLimitOptions } from './limits.js';
export type { DataObjectLimits, DataObjectType } from './store.js';
export { parseBrazeDate } from './dates.js';
