// Runs the built import command (dist/cli.js) as a child process, as a user would: the key in the
// environment only, optional standard input, and a hook on stderr (to press Ctrl-C mid-run).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const cliPath = process.env.BRAZE_OPENAPI_CLI ?? fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string | Buffer; onStderr?: (text: string, child: ChildProcess) => void; key?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { PATH: process.env.PATH!, BRAZE_API_KEY: options.key ?? 'import-key-5d1e', BRAZE_OPENAPI_PROGRESS_MS: '100', ...options.env },
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => {
      stderr += d;
      options.onStderr?.(String(d), child);
    });
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The command a summary line prints after `label`, split into arguments (no quoting needed in tests). */
export function printedCommand(text: string, label: RegExp): string[] {
  const m = text.match(new RegExp(`${label.source}\\s*braze-openapi (.*)$`, 'm'));
  if (!m) throw new Error(`no command after ${label} in:\n${text}`);
  return m[1].trim().split(/\s+/);
}
