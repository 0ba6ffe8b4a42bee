// The date forms the emulator reads (Braze's user attributes object lists them), to ISO 8601.
import { describe, expect, it } from 'vitest';
import { parseBrazeDate } from '../src/emulator/dates.js';

describe('parseBrazeDate', () => {
  it.each([
    ['2024-03-08T18:20:45.000Z', '2024-03-08T18:20:45.000Z'],
    ['2024-03-08T18:20:45:123Z', '2024-03-08T18:20:45.123Z'],
    ['2024-03-08T20:20:45+02:00', '2024-03-08T18:20:45.000Z'],
    ['2024-03-08T20:20:45+0200', '2024-03-08T18:20:45.000Z'],
    ['2024-03-08T20:20:45+02', '2024-03-08T18:20:45.000Z'],
    ['2024-03-08T18:20:45', '2024-03-08T18:20:45.000Z'],
    ['2024-03-08 18:20:45', '2024-03-08T18:20:45.000Z'],
    ['2024-03-08', '2024-03-08T00:00:00.000Z'],
    ['03/08/2024', '2024-03-08T00:00:00.000Z'],
    ['Fri Mar 08 18:20:45 +0000 2024', '2024-03-08T18:20:45.000Z'],
    ['Fri Mar 08 10:20:45 PST 2024', '2024-03-08T18:20:45.000Z'],
  ])('%s is %s', (input, expected) => {
    expect(parseBrazeDate(input)).toBe(expected);
  });

  it.each(['2024-02-30', '13/01/2024', '2024-03-08T25:00:00Z', 'yesterday', '', '2024-03-08T18:20:45+2'])('refuses %j', (input) => {
    expect(parseBrazeDate(input)).toBeUndefined();
  });
});
