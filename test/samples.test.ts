// The code samples of the reference (`x-codeSamples`, added by scripts/gen-samples.mjs): every
// operation has a curl, a Python and a TypeScript sample, they are exactly what the script derives
// from the current examples (nobody edited them by hand), every TypeScript sample compiles against
// src/ as a user's file would (`import { createBrazeClient } from 'braze-openapi'`), and every curl
// and Python sample, pointed at the mock instead of Braze, is accepted by it. Paginated operations
// start at the first page, and their Python and TypeScript samples walk the pages.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { samplesFor } from '../scripts/gen-samples.mjs';
import { operations, spec } from './helpers/spec.js';

const root = fileURLToPath(new URL('..', import.meta.url));
type Sample = { lang: string; label: string; source: string };
const samplesOf = (op: (typeof operations)[number]): Sample[] => op.operation['x-codeSamples'] ?? [];

describe('code samples', () => {
  it.each(operations.map((op) => [op.operationId, op] as const))('%s has a curl, a Python and a TypeScript sample, as derived from its examples', (_, op) => {
    const samples = samplesOf(op);
    expect(samples.map((s) => `${s.lang}/${s.label}`)).toEqual(['Shell/curl', 'Python/Python', 'TypeScript/TypeScript']);
    expect(samples).toEqual(samplesFor(spec, op.path, op.method));
  });

  it('every sample sends the key its operation\'s security names: REST key, SCIM token or client-side key', () => {
    const envOf = { BrazeApiKey: 'BRAZE_API_KEY', ScimToken: 'BRAZE_SCIM_TOKEN', BrazeClientKey: 'BRAZE_CLIENT_KEY' } as Record<string, string>;
    const schemes = new Set<string>();
    for (const op of operations) {
      const scheme = Object.keys((op.operation.security ?? spec.security)[0]).find((name) => name in envOf)!;
      schemes.add(scheme);
      const [curl, python, ts] = samplesOf(op).map((s) => s.source);
      expect(curl, op.operationId).toContain(`Authorization: Bearer $${envOf[scheme]}"`);
      expect(python, op.operationId).toContain(`f"Bearer {os.environ['${envOf[scheme]}']}"`);
      for (const other of Object.values(envOf).filter((env) => env !== envOf[scheme])) {
        expect(curl + python, op.operationId).not.toContain(other);
      }
      // The client takes the client-side key once, as `clientKey`, for the Device Messaging operations.
      expect(ts.split('clientKey:').length - 1, op.operationId).toBe(scheme === 'BrazeClientKey' ? 1 : 0);
    }
    expect([...schemes].sort()).toEqual(['BrazeApiKey', 'BrazeClientKey', 'ScimToken']);
  });

  it('every TypeScript sample type-checks against the client in src/', () => {
    const dir = join(root, 'test-results', 'samples-typecheck');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const op of operations) {
      const sample = samplesOf(op).find((s) => s.lang === 'TypeScript');
      writeFileSync(join(dir, `${op.operationId}.mts`), sample!.source);
    }
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          // What `npm install braze-openapi` would resolve, but from the sources under test.
          paths: { 'braze-openapi': ['../../src/index.ts'] },
        },
        include: ['*.mts'],
      }),
    );
    let output = '';
    try {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    } catch (error: any) {
      output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    }
    expect(output).toBe('');
  }, 120_000);

  it('every curl sample, sent to the mock, is accepted', () => {
    const mockUrl = inject('mockUrl');
    const server = spec.servers[0].url;
    const refused: string[] = [];
    for (const op of operations) {
      const sample = samplesOf(op).find((s) => s.label === 'curl')!;
      const command = sample.source.replace(`'${server}`, `'${mockUrl}`);
      expect(command).toContain(mockUrl); // nothing may go to Braze
      const status = execFileSync('sh', ['-c', `${command.trimEnd()} -s -o /dev/null -w '%{http_code}'`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, BRAZE_API_KEY: 'sample-key', BRAZE_SCIM_TOKEN: 'sample-scim-token', BRAZE_CLIENT_KEY: 'sample-client-key' },
      });
      if (!status.startsWith('2')) refused.push(`${op.operationId}: ${status}`);
    }
    expect(refused).toEqual([]);
  }, 120_000);

  const paginated = operations.filter((op) => op.operation['x-braze-pagination']);

  it('paginated operations: the samples ask for the first page, and walk the pages in Python and TypeScript', () => {
    expect(paginated.length).toBeGreaterThan(0);
    for (const op of paginated) {
      const p = op.operation['x-braze-pagination'];
      const [curl, python, ts] = samplesOf(op).map((s) => s.source);
      const url = new URL(curl.match(/'(https:[^']+)'/)![1]);
      for (const [, pair] of curl.matchAll(/--data-urlencode '([^']*)'/g)) url.searchParams.append(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      if (p.style === 'page') expect(url.searchParams.get(p.pageParam ?? 'page'), op.operationId).toBe(String(p.firstPage ?? 0));
      if (p.style === 'offset') expect(url.searchParams.get(p.offsetParam ?? 'offset'), op.operationId).toBe('0');
      if (p.style === 'link') expect(url.searchParams.has('cursor'), op.operationId).toBe(false);
      expect(ts, op.operationId).toContain(`braze.paginate('${op.operationId}'`);
      expect(python, op.operationId).toMatch(/^while (True|url):$/m);
    }
    // The catalog items sample used to send the example's `?cursor=`, which fetches page 2.
    const items = paginated.find((op) => op.operationId === 'catalogs.listItems')!;
    expect(samplesOf(items)[0].source).not.toContain('cursor=');
  });

  // One Python process runs every sample in turn, with `requests` wrapped so that each request must
  // go to the mock (anything else stops the run) and a walk through pages stops after 3 requests.
  const DRIVER = String.raw`
import contextlib, io, json, os, sys
import requests

mock = sys.argv[1]
samples = json.load(sys.stdin)
original = requests.sessions.Session.request

class Enough(Exception):
    pass

results = {}
for name, source in samples.items():
    calls = []
    def request(self, method, url, *args, **kwargs):
        if not url.startswith(mock):
            raise SystemExit(f"{name}: a request left the mock: {url}")
        if len(calls) == 3:
            raise Enough()
        response = original(self, method, url, *args, **kwargs)
        calls.append({"method": method, "url": response.url, "status": response.status_code})
        return response
    requests.sessions.Session.request = request
    error = None
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(source, name, "exec"), {"__name__": "__main__"})
    except Enough:
        pass
    except Exception as e:
        error = f"{type(e).__name__}: {e}"
    results[name] = {"calls": calls, "error": error, "printed": len(out.getvalue())}
print(json.dumps(results))
`;

  it('every Python sample (requests), sent to the mock, is accepted', () => {
    const python = '/usr/bin/python3';
    if (!existsSync(python)) throw new Error(`${python} is missing: run scripts/install-test-deps.sh (npm test does)`);
    const mockUrl = inject('mockUrl');
    const server = spec.servers[0].url;
    const sources = Object.fromEntries(
      operations.map((op) => {
        const source = samplesOf(op).find((s) => s.lang === 'Python')!.source;
        expect(source).toContain(`"${server}`);
        return [op.operationId, source.split(`"${server}`).join(`"${mockUrl}`)];
      }),
    );
    const run = spawnSync(python, ['-c', DRIVER, mockUrl], {
      input: JSON.stringify(sources),
      encoding: 'utf8',
      env: { PATH: process.env.PATH, BRAZE_API_KEY: 'sample-key', BRAZE_SCIM_TOKEN: 'sample-scim-token', BRAZE_CLIENT_KEY: 'sample-client-key', NO_PROXY: '127.0.0.1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const results: Record<string, { calls: { method: string; url: string; status: number }[]; error: string | null; printed: number }> = JSON.parse(run.stdout);
    const problems = Object.entries(results).flatMap(([id, r]) => [
      ...(r.error ? [`${id}: ${r.error}`] : []),
      ...(r.calls.length === 0 ? [`${id}: sent nothing`] : []),
      ...r.calls.filter((c) => c.status < 200 || c.status > 299).map((c) => `${id}: ${c.method} ${c.url} -> ${c.status}`),
      ...(r.printed === 0 ? [`${id}: printed nothing`] : []),
    ]);
    expect(problems).toEqual([]);
    // The cursor walk follows the Link header: the second request carries the next page's cursor.
    for (const op of paginated.filter((o) => o.operation['x-braze-pagination'].style === 'link')) {
      const calls = results[op.operationId].calls;
      expect(calls.length, op.operationId).toBeGreaterThan(1);
      expect(calls[0].url).not.toContain('cursor=');
      expect(calls[1].url).toContain('cursor=');
      // ...of the same operation: the next page is at the same path (Braze's pages show it so).
      expect(new URL(calls[1].url).pathname, op.operationId).toBe(new URL(calls[0].url).pathname);
    }
  }, 120_000);
});
