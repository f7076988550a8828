/**
 * The fast path: most commands an agent runs are one plain simple command (`git status`, `npm test`,
 * `kubectl get pods -n web`). When every character is one that bash gives no meaning to — no quotes,
 * expansions, globs, operators, redirections, comments, tildes or newlines — bash's word splitting is exactly a
 * split on blanks, so no grammar is needed to know the words. Anything else goes through tree-sitter-bash.
 * This keeps a one-shot `portcullis check` or hook process from loading the wasm grammar it doesn't need.
 */

const PLAIN = /^[A-Za-z0-9_./:=@%+,-]+(?:[ \t]+[A-Za-z0-9_./:=@%+,-]+)*$/;
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select', 'time', 'coproc', 'in']);

/** The words of `command` when it is one plain simple command, else undefined. */
export function plainWords(command: string): string[] | undefined {
  const trimmed = command.trim();
  if (trimmed.length === 0 || trimmed.length > 4096 || !PLAIN.test(trimmed)) return undefined;
  const words = trimmed.split(/[ \t]+/);
  const first = words[0] ?? '';
  // `X=y cmd` is an assignment prefix and `if`... are syntax: leave those to the grammar.
  if (first.includes('=') || RESERVED.has(first)) return undefined;
  return words;
}
