import { describe, expect, it } from 'vitest';
import { IdentityError } from './errors.js';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  const ok: readonly [text: string, seconds: number][] = [
    ['90s', 90],
    ['15m', 900],
    ['8h', 28800],
    ['2d', 172800],
    ['1h30m', 5400],
    [' 1s ', 1],
    ['30d', 2592000],
    ['720h', 2592000],
  ];
  it.each(ok)('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  const bad: readonly [text: string, message: RegExp][] = [
    ['8', /add a unit/],
    ['', /expected a number and a unit/],
    ['8x', /expected a number and a unit/],
    ['h', /expected a number and a unit/],
    ['-5m', /expected a number and a unit/],
    ['1.5h', /expected a number and a unit/],
    ['8 h', /expected a number and a unit/],
    ['0s', /at least 1s/],
    ['31d', /at most 30d/],
    ['30d1s', /at most 30d/],
    ['99999999999s', /expected a number/],
  ];
  it.each(bad)('refuses %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(IdentityError);
    expect(() => parseDuration(text)).toThrow(message);
  });
});
