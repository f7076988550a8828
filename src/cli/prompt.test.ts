import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from './client.js';
import { createPrompter, type PromptInput } from './prompt.js';

// Piped stdin answers one prompt per line; a terminal reads secrets in raw mode without echo.
describe('createPrompter on piped stdin', () => {
  it('answers prompts line by line, across chunks, without line endings', async () => {
    const input = Readable.from([
      Buffer.from('pass'),
      Buffer.from('word\r\n1234'),
      Buffer.from('56\nlast'),
    ]);
    let written = '';
    const p = createPrompter(input, (s) => (written += s));
    expect(await p.ask('password: ', { secret: true })).toBe('password');
    expect(await p.ask('code: ')).toBe('123456');
    expect(await p.ask('more: ')).toBe('last');
    await expect(p.ask('again: ')).rejects.toThrow(
      new UsageError('no input for "again:" (pipe it on stdin or run on a terminal)'),
    );
    p.close();
    expect(written).toBe('');
  });
});

function fakeTty(): PassThrough & PromptInput & { modes: boolean[] } {
  const s = new PassThrough() as PassThrough & PromptInput & { modes: boolean[] };
  s.isTTY = true;
  s.modes = [];
  s.setRawMode = (raw: boolean) => s.modes.push(raw);
  return s;
}

describe('createPrompter on a terminal', () => {
  it('reads a secret in raw mode, honours backspace, echoes nothing', async () => {
    const tty = fakeTty();
    let written = '';
    const p = createPrompter(tty, (s) => (written += s));
    const answer = p.ask('password: ', { secret: true });
    tty.write('ab\u007fc');
    tty.write('d\r');
    expect(await answer).toBe('acd');
    expect(tty.modes).toEqual([true, false]);
    expect(written).toBe('password: \n');
    p.close();
  });

  it('cancels on Ctrl-C and leaves raw mode', async () => {
    const tty = fakeTty();
    const p = createPrompter(tty, () => undefined);
    const answer = p.ask('password: ', { secret: true });
    tty.write('ab\u0003');
    await expect(answer).rejects.toThrow('cancelled');
    expect(tty.modes).toEqual([true, false]);
    p.close();
  });
});
