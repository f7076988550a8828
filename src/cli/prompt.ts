/**
 * Prompts for the gate commands: a password, a TOTP code, a new password twice. On a terminal a secret is read
 * in raw mode and never echoed; anywhere else each prompt takes the next line of stdin, so scripts and tests can
 * pipe `password\ncode\n`. Lines are buffered across prompts: one chunk of piped input may answer several.
 */
import { StringDecoder } from 'node:string_decoder';
import { UsageError } from './client.js';

/** The part of stdin the prompts use (process.stdin, or a Readable in tests). */
export interface PromptInput {
  isTTY?: boolean;
  setRawMode?: (raw: boolean) => unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  removeListener(event: 'data' | 'end', listener: (...args: never[]) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/** Asks questions; `close` releases stdin so the process can exit. */
export interface Prompter {
  /** The answer without its line ending. Throws UsageError when input ends first or Ctrl-C is pressed. */
  ask(question: string, opts?: { secret?: boolean }): Promise<string>;
  close(): void;
}

/** A prompter over `input`; questions are written to `write` (stderr) only when `input` is a terminal. */
export function createPrompter(input: PromptInput, write: (s: string) => void): Prompter {
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let ended = false;
  let wake: (() => void) | undefined;
  let listening = false;
  const onData = (chunk: Buffer | string): void => {
    buf += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    wake?.();
  };
  const onEnd = (): void => {
    buf += decoder.end();
    ended = true;
    wake?.();
  };
  const more = (): Promise<void> => {
    if (!listening) {
      input.on('data', onData);
      input.on('end', onEnd);
      listening = true;
    }
    return new Promise<void>((resolve) => {
      wake = () => {
        wake = undefined;
        resolve();
      };
      input.resume();
    });
  };
  const tty = input.isTTY === true;

  const line = async (question: string): Promise<string> => {
    for (;;) {
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        const answer = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        return answer;
      }
      if (ended) {
        if (buf !== '') {
          const answer = buf;
          buf = '';
          return answer;
        }
        throw new UsageError(
          `no input for "${question.trim()}" (pipe it on stdin or run on a terminal)`,
        );
      }
      await more();
    }
  };

  /** Raw-mode reading on a terminal: nothing is echoed; backspace edits; Ctrl-C and Ctrl-D cancel. */
  const secretFromTerminal = async (question: string): Promise<string> => {
    input.setRawMode?.(true);
    let answer = '';
    try {
      for (;;) {
        while (buf !== '') {
          const ch = buf[0] ?? '';
          buf = buf.slice(1);
          if (ch === '\r' || ch === '\n') return answer;
          if (ch === '\u0003') throw new UsageError('cancelled');
          if (ch === '\u0004') {
            if (answer === '') throw new UsageError(`no input for "${question.trim()}"`);
            return answer;
          }
          if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
          else if (ch >= ' ') answer += ch;
        }
        if (ended) throw new UsageError(`no input for "${question.trim()}"`);
        await more();
      }
    } finally {
      input.setRawMode?.(false);
      write('\n');
    }
  };

  return {
    async ask(question, opts = {}) {
      if (tty) write(question);
      try {
        return opts.secret === true && tty && input.setRawMode
          ? await secretFromTerminal(question)
          : await line(question);
      } finally {
        input.pause();
      }
    },
    close() {
      if (listening) {
        input.removeListener('data', onData);
        input.removeListener('end', onEnd);
        listening = false;
      }
      input.pause();
    },
  };
}
