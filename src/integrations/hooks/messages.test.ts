import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { clip, errorLine, failClosedMessage } from './messages.js';

function zodError(schema: z.ZodMiniType, value: unknown): unknown {
  const r = schema.safeParse(value);
  return r.success ? undefined : r.error;
}

describe('errorLine: what a fail-closed reason says about a bad payload', () => {
  const Payload = z.looseObject({
    hook_event_name: z.literal('PreToolUse'),
    tool_name: z.string().check(z.minLength(1)),
    tool_input: z.record(z.string(), z.unknown()),
  });
  const ok = { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {} };
  const table: readonly (readonly [string, unknown, string])[] = [
    ['not an object', 42, 'payload: expected object'],
    ['wrong event', { ...ok, hook_event_name: 'Stop' }, 'hook_event_name: expected "PreToolUse"'],
    ['wrong type', { ...ok, tool_name: 3 }, 'tool_name: expected string'],
    ['empty name', { ...ok, tool_name: '' }, 'tool_name: must not be empty'],
    ['input not an object', { ...ok, tool_input: 'rm -rf /' }, 'tool_input: expected object'],
  ];
  for (const [name, value, line] of table) {
    it(name, () => {
      expect(errorLine(zodError(Payload, value))).toBe(line);
    });
  }
  it('does not echo the payload back for invalid JSON', () => {
    let err: unknown;
    try {
      JSON.parse('{"secret": "AKIA...');
    } catch (e) {
      err = e;
    }
    expect(errorLine(err)).toBe('not valid JSON');
  });
  it('keeps the first line of other errors', () => {
    expect(errorLine(new Error('boom\nstack'))).toBe('boom');
    expect(errorLine('plain')).toBe('plain');
  });
});

describe('clip', () => {
  it('keeps every reason short enough for every agent', () => {
    expect(clip('abc', 10)).toBe('abc');
    expect(clip('abcdefghijkl', 5)).toBe('abcd…');
    expect(failClosedMessage('x'.repeat(10_000)).length).toBeLessThanOrEqual(1500);
  });
});
