// The import command under faults (issue 12), end to end against the load server: rows that may
// have landed are kept apart from rows that surely did not, the printed re-run command never sends
// anything twice, a resume after Ctrl-C never re-sends nor skips a row, a bad key or URL stops at
// the first request, and the command line is parsed with node:util parseArgs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cliPath, printedCommand, runCli } from './helpers/cli.js';
import { useLoadServer } from './helpers/load-server.js';

const dir = mkdtempSync(join(tmpdir(), 'braze-import-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = useLoadServer();
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const event = (id: string, name: string) => ({ external_id: id, name, time: '2026-11-22T10:00:00Z' });

describe('import: failed and uncertain rows', () => {
  it('after 503s and dropped connections, following the printed re-run command records no event twice', async () => {
    const s = await server({ faults: { status503: 0.15, drop: 0.1 }, seed: 5 });
    const file = join(dir, 'events.ndjson');
    const rows = Array.from({ length: 1_500 }, (_, i) =>
      i % 100 === 7 ? { first_name: `no id ${i}` } : { attributes: { external_id: `u${i}` }, events: [event(`u${i}`, `login-${i}`)] },
    );
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const first = await runCli(['import', file, '--base-url', s.url, '--concurrency', '4', '--report', join(dir, 'events.report.json')]);
    expect(first.code).toBe(1);
    const uncertain = readFileSync(join(dir, 'events.uncertain.ndjson'), 'utf8').trim().split('\n');
    const failed = readFileSync(join(dir, 'events.failed.ndjson'), 'utf8').trim().split('\n');
    expect(uncertain.length).toBeGreaterThan(0);
    expect(failed).toHaveLength(15); // the rows without an identifier, alone
    expect(first.stderr).toMatch(/WARNING: \d+ rows may have been imported already/);
    expect(first.stderr).toContain(join(dir, 'events.uncertain.ndjson'));
    // Only the safe file gets a re-run command.
    const rerun = printedCommand(first.stdout, /re-run just those:/);
    expect(rerun[1]).toBe(join(dir, 'events.failed.ndjson'));
    expect(first.stdout + first.stderr).not.toMatch(/braze-openapi import \S*uncertain/);
    // Fix the bad rows as a user would, then follow the command.
    writeFileSync(rerun[1], failed.map((l, i) => JSON.stringify({ ...JSON.parse(l), external_id: `fixed-${i}` })).join('\n') + '\n');
    // The report's counts bracket what the server counted: accepted ones, plus some uncertain ones.
    const events = [...s.counts.keys()].filter((k) => k.startsWith('events:')).length;
    const firstReport = JSON.parse(readFileSync(join(dir, 'events.report.json'), 'utf8'));
    expect(events).toBeGreaterThanOrEqual(firstReport.objects.byKind.events.accepted);
    expect(events).toBeLessThanOrEqual(firstReport.objects.byKind.events.accepted + firstReport.objects.byKind.events.uncertain);
    expect(firstReport.rows.uncertain).toBe(uncertain.length);
    expect(firstReport.files).toEqual({ failed: join(dir, 'events.failed.ndjson'), uncertain: join(dir, 'events.uncertain.ndjson') });
    const second = await runCli(rerun);
    expect(second.code).not.toBe(2);
    expect(s.stats().duplicates).toBe(0);
    // Every event was counted once: accepted, or uncertain (landed before the fault), never twice.
    for (const [key, n] of s.counts) expect(n, key).toBe(1);
  });

  it('a row that fails the local checks does not take its batch down, and is not sent', async () => {
    const s = await server({});
    const file = join(dir, 'poison.ndjson');
    const lines = Array.from({ length: 150 }, (_, i) => JSON.stringify(i === 40 ? { external_id: `p${i}`, email_subscribe: 'maybe' } : { external_id: `p${i}` }));
    writeFileSync(file, lines.join('\n') + '\n');
    const { code, stdout, stderr } = await runCli(['import', file, '--base-url', s.url]);
    expect(code).toBe(1);
    expect(s.stats().objects).toBe(149);
    expect(stdout).toMatch(/accepted: 149/);
    expect(stderr).toMatch(/line 41: not imported: email_subscribe: must be equal to one of the allowed values/);
    expect(existsSync(join(dir, 'poison.uncertain.ndjson'))).toBe(false);
    expect(readFileSync(join(dir, 'poison.failed.ndjson'), 'utf8')).toBe(lines[40] + '\n');
  });
});

describe('import: resume after Ctrl-C', () => {
  it('--skip counts input lines, unreadable and blank ones included: a resume re-sends nothing and skips nothing', async () => {
    const s = await server({ rateLimit: { requests: 4, windowSeconds: 1 } });
    const file = join(dir, 'resume.ndjson');
    const lines: string[] = [];
    for (let i = 0; i < 3_000; i++) lines.push(i % 37 === 3 ? '{not json' : i % 53 === 0 ? '' : JSON.stringify({ external_id: `r${i}`, n: i }));
    writeFileSync(file, lines.join('\n') + '\n');
    const valid = lines.filter((l) => l.startsWith('{"')).length;
    let signalled = false;
    const first = await runCli(['import', file, '--base-url', s.url, '--rate', '4/1', '--concurrency', '3'], {
      onStderr: (text, child) => {
        if (!signalled && /\d+ objects\/s/.test(text)) {
          signalled = true;
          setTimeout(() => child.kill('SIGINT'), 600);
        }
      },
    });
    expect(first.code).toBe(130);
    const resume = printedCommand(first.stdout, /resume with:/);
    const skip = Number(resume[resume.indexOf('--skip') + 1]);
    // Every line before the skip point was read and settled: its valid rows all arrived.
    const before = lines.slice(0, skip).filter((l) => l.startsWith('{"')).length;
    expect(s.stats().objects).toBe(before);
    const second = await runCli(resume.map((a) => (a === '--rate' ? '--rate' : a)));
    expect(second.code).toBe(1); // the unreadable lines
    expect(s.stats()).toMatchObject({ duplicates: 0, distinct: valid, objects: valid });
    // The resumed run added its unreadable lines to the failed file: each one there exactly once.
    const failed = readFileSync(join(dir, 'resume.failed.ndjson'), 'utf8').trim().split('\n');
    expect(failed).toEqual(lines.filter((l) => l === '{not json'));
    expect(first.stdout).toMatch(/written to/);
    expect(second.stdout).toMatch(/added to/);
  }, 60_000);
});

describe('import: what --skip counts', () => {
  it('NDJSON: every line, blank and unreadable ones included', async () => {
    const s = await server({});
    const file = join(dir, 'skip.ndjson');
    writeFileSync(file, ['{"external_id":"k1"}', '', '{broken', '{"external_id":"k4"}', '{"external_id":"k5"}'].join('\n') + '\n');
    const { code } = await runCli(['import', file, '--base-url', s.url, '--skip', '3']);
    expect(code).toBe(0);
    expect([...s.counts.keys()]).toEqual(['attributes:k4:', 'attributes:k5:']);
  });

  it('CSV: records after the header, a record over several lines counting once', async () => {
    const s = await server({});
    const file = join(dir, 'skip.csv');
    writeFileSync(file, 'external_id,bio\nc1,"two\nlines"\nc2,"bad" quote\nc3,plain\nc4,x\n');
    const { code } = await runCli(['import', file, '--base-url', s.url, '--skip', '2']);
    expect(code).toBe(0);
    expect([...s.counts.keys()]).toEqual(['attributes:c3:', 'attributes:c4:']);
  });
});

describe('import: stops on a wrong key or URL', () => {
  const big = () => {
    const file = join(dir, 'thirty-thousand.ndjson');
    writeFileSync(file, Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ external_id: `k${i}` })).join('\n') + '\n');
    return file;
  };

  it('a 401 stops at the first request with one line that says what to check', async () => {
    // A server (or a proxy) that echoes the key back: it must not reach the output or the report.
    const s = await server({ respond: (req: any) => ({ status: 401, body: { message: `Invalid API key: ${String(req.headers.authorization).slice(7)}` } }) });
    const report = join(dir, '401.report.json');
    const { code, stderr, stdout } = await runCli(['import', big(), '--base-url', s.url, '--report', report], { key: 'wrong-key-123', env: { BRAZE_OPENAPI_PROGRESS_MS: '' } });
    expect(code).toBe(3);
    expect(s.stats().requests).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/stopped: Braze refused the API key \(401\): check BRAZE_API_KEY/);
    expect(stderr + stdout).not.toContain('wrong-key-123');
    const written = readFileSync(report, 'utf8');
    expect(written).toContain('Invalid API key: [key]');
    expect(written).not.toContain('wrong-key-123');
    expect(JSON.parse(written)).toMatchObject({ exitCode: 3, stopped: { reason: 'auth', status: 401 }, requests: 1, files: { failed: null, uncertain: null } });
    expect(existsSync(join(dir, 'thirty-thousand.failed.ndjson'))).toBe(false);
  });

  it('a 403 says the key lacks the permission', async () => {
    const s = await server({ respond: () => ({ status: 403, body: { message: 'forbidden' } }) });
    const { code, stderr } = await runCli(['import', big(), '--base-url', s.url]);
    expect(code).toBe(3);
    expect(s.stats().requests).toBe(1);
    expect(stderr).toMatch(/permission/);
  });

  it('a base URL where nothing listens stops at the first request', async () => {
    const s = await server({});
    const url = s.url;
    await s.close();
    const { code, stderr } = await runCli(['import', big(), '--base-url', url], { env: { BRAZE_OPENAPI_PROGRESS_MS: '' } });
    expect(code).toBe(3);
    expect(stderr).toMatch(/^braze-openapi: stopped: cannot connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check --base-url/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a 404 on the first request says to check the base URL', async () => {
    const s = await server({ respond: () => ({ status: 404, body: { message: 'no route' } }) });
    const { code, stderr } = await runCli(['import', big(), `--base-url=${s.url}/wrong`]);
    expect(code).toBe(3);
    expect(s.stats().requests).toBe(1);
    expect(stderr).toMatch(/404 on the first request\): check --base-url/);
  });
});

describe('import: command line basics', () => {
  it('parses --opt=value, import --help and --version', async () => {
    const s = await server({});
    const file = join(dir, 'eq.ndjson');
    writeFileSync(file, '{"external_id":"eq1"}\n');
    const ok = await runCli(['import', file, `--base-url=${s.url}`, '--concurrency=2', '--quiet']);
    expect(ok).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(s.stats().objects).toBe(1);
    const help = await runCli(['import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: braze-openapi import/);
    expect(help.stdout).toMatch(/Exit codes/);
    const version = await runCli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `braze-openapi ${pkg.version}\n` });
    const unknown = await runCli(['import', file, '--instance', 'US-01', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^braze-openapi: Unknown option '--colour'/);
  });

  it('a missing or unreadable file gives one clear line, not a stack', async () => {
    const missing = await runCli(['import', join(dir, 'nope.ndjson'), '--instance', 'US-01']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`braze-openapi: cannot read "${join(dir, 'nope.ndjson')}": no such file\n`);
    const folder = await runCli(['import', dir, '--format', 'ndjson', '--instance', 'US-01']);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/it is a directory\n$/);
    expect(folder.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('CSV dates: strict ISO 8601, no zone means UTC whatever the machine zone, impossible dates are bad rows', async () => {
    const bodies: any[] = [];
    const s = await server({ respond: (_req: unknown, body: unknown) => (bodies.push(body), undefined) });
    const file = join(dir, 'dates.csv');
    writeFileSync(file, 'external_id,signup:date\nd1,2024-03-01T10:00:00\nd2,2024-02-30\nd3,2024-03-01\nd4,03/01/2024\nd5,2024-03-01T10:00:00+02:00\nd6,2024-02-29T23:59:59.5Z\n');
    const { code, stderr } = await runCli(['import', file, '--base-url', s.url], { env: { TZ: 'America/New_York' } });
    expect(code).toBe(1);
    const sent = Object.fromEntries(bodies.flatMap((b) => b.attributes).map((a: any) => [a.external_id, a.signup]));
    expect(sent).toEqual({ d1: '2024-03-01T10:00:00.000Z', d3: '2024-03-01T00:00:00.000Z', d5: '2024-03-01T08:00:00.000Z', d6: '2024-02-29T23:59:59.500Z' });
    expect(stderr).toMatch(/line 3: not imported: signup: "2024-02-30" is not a date: 2024-02 has no day 30/);
    expect(stderr).toMatch(/line 5: not imported: signup: "03\/01\/2024" is not an ISO 8601 date/);
  });

  // `script` (util-linux) gives the command a terminal, as a person running it has.
  const script = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.runIf(script)('on a terminal, the progress line is redrawn in place and cleared to its end on every update', async () => {
    const s = await server({ rateLimit: { requests: 5, windowSeconds: 1 } });
    const file = join(dir, 'tty.ndjson');
    writeFileSync(file, Array.from({ length: 700 }, (_, i) => JSON.stringify({ external_id: `t${i}` })).join('\n') + '\n');
    const command = [process.execPath, cliPath, 'import', file, '--base-url', s.url, '--rate', '5/1'].map((a) => `'${a}'`).join(' ');
    const output = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH!, BRAZE_API_KEY: 'tty-key' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('close', () => resolve(text));
    });
    const draws = output.split('\r[').slice(1);
    expect(draws.length).toBeGreaterThanOrEqual(2);
    for (const draw of draws) expect(draw).toMatch(/^[#-]+\][^\r]*\x1b\[K/);
    expect(s.stats().objects).toBe(700);
  });

  it('when stderr is not a terminal, progress is a plain line every few seconds, never a carriage return', async () => {
    const s = await server({ rateLimit: { requests: 5, windowSeconds: 1 } });
    const file = join(dir, 'slow.ndjson');
    writeFileSync(file, Array.from({ length: 900 }, (_, i) => JSON.stringify({ external_id: `s${i}` })).join('\n') + '\n');
    let firstLineAt = 0;
    const { code, stderr } = await runCli(['import', file, '--base-url', s.url, '--rate', '5/1'], {
      env: { BRAZE_OPENAPI_PROGRESS_MS: '500' },
      onStderr: (text) => void (firstLineAt ||= /objects\/s/.test(text) ? Date.now() : 0),
    });
    const printing = Date.now() - firstLineAt;
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/[\r\x1b]/);
    const progressLines = stderr.split('\n').filter((l) => /objects\/s/.test(l));
    expect(progressLines.length).toBeGreaterThanOrEqual(2);
    // About one line per 500 ms while it prints, whatever the machine's load (a fixed count fails a
    // slow run); a line per request (12 of 75 objects, one each 200 ms) breaks this bound.
    expect(progressLines.length, `${progressLines.length} lines in ${printing} ms`).toBeLessThanOrEqual(Math.floor(printing / 500) + 3);
  });
});
