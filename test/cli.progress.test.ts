// The import command's progress line: cleared on every redraw on a terminal, plain lines every few
// seconds elsewhere.
import { describe, expect, it } from 'vitest';
import { progress } from '../src/progress.js';

function output(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (t: string) => writes.push(t) } };
}

describe('progress line', () => {
  it('on a terminal: each redraw returns to the line start and clears to its end', () => {
    let t = 0;
    const { writes, out } = output(true);
    const p = progress(out, { now: () => t });
    p.update('[####----] 50% 1,000/2,000 rows  ETA 12s  retries 0  failed 0');
    t += 250;
    p.update('[########] 100% 2,000/2,000 rows');
    p.done();
    expect(writes).toEqual(['\r[####----] 50% 1,000/2,000 rows  ETA 12s  retries 0  failed 0\x1b[K', '\r[########] 100% 2,000/2,000 rows\x1b[K', '\n']);
  });

  it('on a terminal: redraws at most every 200 ms', () => {
    let t = 0;
    const { writes, out } = output(true);
    const p = progress(out, { now: () => t });
    for (let i = 0; i < 10; i++, t += 50) p.update(`step ${i}`);
    expect(writes).toEqual(['\rstep 0\x1b[K', '\rstep 4\x1b[K', '\rstep 8\x1b[K']);
  });

  it('elsewhere: a plain line every 5 s, no control characters', () => {
    let t = 0;
    const { writes, out } = output(false);
    const p = progress(out, { now: () => t });
    for (let i = 0; i < 12; i++, t += 1_000) p.update(`step ${i}`);
    p.done();
    expect(writes).toEqual(['step 5\n', 'step 10\n']);
    expect(writes.join('')).not.toMatch(/[\r\x1b]/);
  });
});
