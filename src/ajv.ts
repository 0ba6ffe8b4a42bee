// Ajv 2020 with ajv-formats, as the validators (validation.ts) and the emulator use it. dist/ has it
// once, in dist/cjs/spec-runtime.cjs, which both of those bundles require.
import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

export function createAjv(options: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, ...options });
  // ajv-formats is CommonJS: its function arrives as the default export or as the module itself.
  ((formatsModule as any).default ?? formatsModule)(ajv);
  return ajv;
}
