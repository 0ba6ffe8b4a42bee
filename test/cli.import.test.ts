// The import command end to end (dist/cli.js as a child process) against the load server on
// 127.0.0.1: every row arrives once, rows Braze rejects land in a failed file in the input's
// format, --dry-run names each bad row's line and field and sends nothing, Ctrl-C stops cleanly
// with a resume command, and the key is only ever read from the environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { useLoadServer } from './helpers/load-server.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'braze-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const startLoadServer = useLoadServer();

const KEY = 'import-key-5d1e';

function run(args: string[], options: { env?: Record<string, string>; onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH!, BRAZE_API_KEY: KEY, BRAZE_OPENAPI_PROGRESS_MS: '100', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      options.onStderr?.(String(d), child);
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Rejects, inside a 2xx answer, every attribute object whose external_id starts with "bad". */
const rejectBad = (_req: unknown, body: { attributes?: { external_id?: string }[] }) => {
  const errors = (body?.attributes ?? []).flatMap((a, index) => (a.external_id?.startsWith('bad') ? [{ type: 'invalid user', input_array: 'attributes', index }] : []));
  return errors.length ? { message: 'success', errors } : undefined;
};

describe('braze-openapi import', () => {
  it('loads NDJSON, writes the rejected rows to a failed file that re-runs as is', async () => {
    const s = await startLoadServer({ respond: rejectBad });
    const file = join(dir, 'users.ndjson');
    const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify({ external_id: i % 97 === 5 ? `bad-${i}` : `u${i}`, first_name: `N${i}` }));
    writeFileSync(file, lines.join('\n') + '\n');
    const { code, stdout, stderr } = await run(['import', file, '--base-url', s.url]);
    expect(code).toBe(1);
    expect(s.stats()).toMatchObject({ objects: 400, distinct: 400, duplicates: 0 });
    expect(stdout).toMatch(/objects sent: 400, accepted: 395/);
    expect(stdout).toMatch(/failed rows: 5, written to .*users\.failed\.ndjson/);
    const failed = readFileSync(join(dir, 'users.failed.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(failed.map((r) => r.external_id)).toEqual(['bad-5', 'bad-102', 'bad-199', 'bad-296', 'bad-393']);
    expect(stderr).toMatch(/line 6: not imported: invalid user/);
    expect(stdout).toContain(`re-run just those: braze-openapi import ${join(dir, 'users.failed.ndjson')}`);
  });

  it('loads CSV with typed columns and writes failed rows back as CSV', async () => {
    const s = await startLoadServer({ respond: rejectBad });
    const file = join(dir, 'users.csv');
    writeFileSync(file, 'external_id,first_name,visits:integer,vip:boolean,tags:array\nu1,"Ada, Countess",3,true,a;b\nbad-2,Bob,4,false,c\n');
    const { code } = await run(['import', file, '--base-url', s.url, '--quiet']);
    expect(code).toBe(1);
    expect(s.stats().objects).toBe(2);
    expect(readFileSync(join(dir, 'users.failed.csv'), 'utf8')).toBe('external_id,first_name,visits:integer,vip:boolean,tags:array\nbad-2,Bob,4,false,c\n');
  });

  it('--dry-run reports every bad row with its line and field, and sends nothing', async () => {
    const s = await startLoadServer({});
    const file = join(dir, 'check.ndjson');
    writeFileSync(file, ['{"external_id":"u1","visits":{"inc":"1"}}', '{"external_id":"u2"}', '{"first_name":"no id"}', '{"external_id":"u4","email_subscribe":"maybe"}'].join('\n'));
    const { code, stdout } = await run(['import', file, '--dry-run']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^line 1: visits\.inc: must be integer$/m);
    expect(stdout).toMatch(/^line 3: row: needs one of external_id, user_alias, braze_id/m);
    expect(stdout).toMatch(/^line 4: email_subscribe: must be equal to one of the allowed values/m);
    expect(stdout).toMatch(/dry run: 4 rows read, 3 bad, 0 warnings, nothing sent/);
    expect(s.stats().requests).toBe(0);
  });

  it('stops cleanly on Ctrl-C after the requests in flight, and prints how to resume', async () => {
    const s = await startLoadServer({ rateLimit: { requests: 5, windowSeconds: 1 } });
    const file = join(dir, 'big.ndjson');
    writeFileSync(file, Array.from({ length: 3_000 }, (_, i) => JSON.stringify({ external_id: `u${i}` })).join('\n') + '\n');
    let signalled = false;
    const { code, stdout } = await run(['import', file, '--base-url', s.url, '--rate', '5/1'], {
      onStderr: (text, child) => {
        if (!signalled && /\d+ objects\/s/.test(text)) {
          signalled = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(code).toBe(130);
    const sent = Number(stdout.match(/objects sent: (\d+)/)![1]);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(3_000);
    expect(s.stats().objects).toBe(sent); // what was in flight finished and was counted
    expect(stdout).toMatch(new RegExp(`--skip ${sent}$`, 'm'));
  });

  it('refuses an API key on the command line, and needs BRAZE_API_KEY', async () => {
    const refused = await run(['import', 'x.ndjson', '--instance', 'US-01', '--api-key', 'secret']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/never taken from the command line: set BRAZE_API_KEY/);
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, '{"external_id":"u1"}\n');
    const missing = await run(['import', file, '--instance', 'US-01'], { env: { BRAZE_API_KEY: '' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/set BRAZE_API_KEY/);
  });
});
