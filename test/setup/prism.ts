// Starts the project's mock (Prism on the bundled spec, behind scripts/mock.mjs) once for the
// whole run, on a free loopback port, and stops it afterwards. Tests read its URL with
// `inject('mockUrl')`.
import type { TestProject } from 'vitest/node';
// @ts-expect-error plain ESM script without types
import { startMock } from '../../scripts/mock.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const mock = await startMock();
  project.provide('mockUrl', mock.url);
  return async () => {
    await mock.close();
  };
}
