/**
 * Loads the tree-sitter-bash grammar (wasm) once per process. This is the analyzer's only I/O and it happens
 * before any request is analysed, so `analyze()` itself stays a pure function of its input.
 */
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

let parser: Parser | undefined;
let loading: Promise<Parser> | undefined;

async function load(): Promise<Parser> {
  const require = createRequire(import.meta.url);
  // tree-sitter-bash has no "exports" map, so its files resolve by path.
  const wasm = require.resolve('tree-sitter-bash/tree-sitter-bash.wasm');
  await Parser.init();
  const language = await Language.load(wasm);
  const p = new Parser();
  p.setLanguage(language);
  // Compile the grammar's lexer now (wasm functions compile lazily on first call).
  p.parse('true')?.delete();
  parser = p;
  return p;
}

/** Load the shell grammar; safe to call many times, loads once. */
export function loadShellGrammar(): Promise<Parser> {
  loading ??= load();
  return loading;
}

/** The loaded parser, or undefined before `loadShellGrammar()` resolved. */
export function shellParser(): Parser | undefined {
  return parser;
}
