/**
 * What a command prints, for the commands whose output follows from their text. This lets the engine see
 * through `echo ... | sh`, `$(echo rm)`, `printf ... | psql` and `base64 -d` / `xxd -r -p` decoders.
 */
import type { Producer, Word } from '../model.js';
import { decodeBase64, decodeHex, echoOutput, printfOutput } from './text.js';

function inputText(stdin: Producer | undefined, args: readonly Word[], files: ReadonlyMap<string, string>): Producer | undefined {
  const fileArg = args.find((w) => !w.text.startsWith('-') || w.text === '-');
  if (fileArg && fileArg.text !== '-') {
    const known = files.get(fileArg.text);
    return known !== undefined ? { kind: 'text', text: known } : { kind: 'file', path: fileArg.text };
  }
  return stdin;
}

function decode(input: Producer | undefined, fn: (s: string) => string | undefined): Producer {
  if (input?.kind === 'text') {
    const out = fn(input.text);
    if (out !== undefined) return { kind: 'text', text: out };
  }
  if (input?.kind === 'remote') return input;
  return { kind: 'dynamic', source: 'decoded data' };
}

/** Output of `name args` given its stdin; `dynamic` when not statically known. */
export function staticOutput(
  name: string,
  args: readonly Word[],
  stdin: Producer | undefined,
  files: ReadonlyMap<string, string>,
): Producer {
  const texts = args.map((w) => w.text);
  const anyDynamic = args.some((w) => w.dynamic);
  switch (name) {
    case 'echo':
      return anyDynamic ? { kind: 'dynamic', source: 'echo' } : { kind: 'text', text: echoOutput(texts) };
    case 'printf':
      return anyDynamic ? { kind: 'dynamic', source: 'printf' } : { kind: 'text', text: printfOutput(texts) };
    case 'cat':
    case 'tee':
      if (name === 'tee') return stdin ?? { kind: 'dynamic', source: 'tee' };
      return inputText(stdin, args, files) ?? { kind: 'dynamic', source: 'cat' };
    case 'base64':
    case 'base32':
    case 'basenc':
      if (texts.some((t) => t === '-d' || t === '--decode' || t === '-D' || /^-[a-zA-Z]*d/.test(t))) {
        return decode(inputText(stdin, args.filter((w) => !w.text.startsWith('-')), files), decodeBase64);
      }
      return { kind: 'dynamic', source: name };
    case 'openssl':
      if ((texts[0] === 'base64' || texts[0] === 'enc') && texts.includes('-d')) {
        return decode(stdin, decodeBase64);
      }
      return { kind: 'dynamic', source: 'openssl' };
    case 'xxd':
      if (texts.some((t) => /^-r/.test(t))) return decode(stdin, decodeHex);
      return { kind: 'dynamic', source: 'xxd' };
    case 'rev':
      if (stdin?.kind === 'text') {
        return { kind: 'text', text: stdin.text.split('\n').map((l) => Array.from(l).reverse().join('')).join('\n') };
      }
      return { kind: 'dynamic', source: 'rev' };
    case 'curl':
    case 'wget':
    case 'fetch':
    case 'http':
    case 'https':
    case 'xh': {
      const url = texts.find((t) => /^[a-z][a-z0-9+.-]*:\/\//i.test(t) || /^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(t));
      return { kind: 'remote', source: url ?? 'the network' };
    }
    default:
      return { kind: 'dynamic', source: name };
  }
}
