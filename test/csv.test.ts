// The import command's CSV reader and typed cells, alone: strict ISO 8601 dates (UTC when no zone
// is given, impossible dates refused), strict quoting, other delimiters, records over several lines.
import { describe, expect, it } from 'vitest';
import { readCsv, readDate } from '../src/csv.js';

async function records(text: string, delimiter?: string, chunk = 3) {
  const chunks = Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) => text.slice(i * chunk, (i + 1) * chunk));
  const out = [];
  for await (const r of readCsv(chunks, delimiter)) out.push(r);
  return out;
}

describe('readDate', () => {
  it.each([
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29', '2000-02-29T00:00:00.000Z'],
    ['2024-03-01T10:00', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01 10:00:05', '2024-03-01T10:00:05.000Z'],
    ['2024-03-01T10:00:00.123456Z', '2024-03-01T10:00:00.123Z'],
    ['2024-03-01T10:00:00z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00-05:30', '2024-03-01T15:30:00.000Z'],
    ['2024-03-01T01:00:00+0200', '2024-02-29T23:00:00.000Z'],
    ['0099-01-01', '0099-01-01T00:00:00.000Z'],
  ])('reads %s as %s', (text, iso) => expect(readDate('d', text)).toBe(iso));

  it.each(['2023-02-29', '1900-02-29', '2024-02-30', '2024-04-31', '2024-13-01', '2024-00-10', '2024-03-01T24:00', '2024-03-01T10:60', '2024-3-1', '03/01/2024', 'March 1, 2024', '2024-03-01T10:00:00+25:00', '1709287200'])(
    'refuses %s',
    (text) => expect(() => readDate('signup', text)).toThrow(/^signup: ".*" is not/),
  );

  it('does not depend on the machine time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    try {
      expect(readDate('d', '2024-03-01T10:00:00')).toBe('2024-03-01T10:00:00.000Z');
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('readCsv', () => {
  it('reads quoted delimiters, "" escapes and line breaks inside quotes, across chunks, with the starting line', async () => {
    expect(await records('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
    ]);
  });

  it('takes another delimiter', async () => {
    expect(await records('a;b\n"1;2";3\n', ';')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1;2', '3'] },
    ]);
  });

  it('makes a quote problem one bad record and reads on', async () => {
    const out = await records('a,b\nq1,"Ada" Lovelace\nq2,Ada "The" Countess\nq3,"Fine, quoted"\nq4,"open\n');
    expect(out.map((r) => [r.line, r.fields[0], r.error ?? 'ok'])).toEqual([
      [1, 'a', 'ok'],
      [2, 'q1', expect.stringMatching(/text after a closing quote/)],
      [3, 'q2', expect.stringMatching(/a quote inside unquoted field 2/)],
      [4, 'q3', 'ok'],
      [5, 'q4', expect.stringMatching(/not closed at the end of the input/)],
    ]);
  });
});
