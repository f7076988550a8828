/**
 * From policy text to a validated `PolicyFile`, keeping the YAML document so every later problem (a CEL
 * error, a bad glob, a project file loosening a default) can still name its line and column. Pure: the text is
 * handed in; `load.ts` is the only reader of files.
 */
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node } from 'yaml';

/** yaml loads on first use: with no policy file on disk, a hook never parses YAML and never loads it. */
function yamlModule(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}
import type * as z from 'zod/mini';
import { PolicyError, fieldName, type PolicyProblem } from './errors.js';
import { policyFileSchema, type PolicyFile } from './schema.js';

/** Largest policy text accepted (a policy is a page or two; anything near this is a mistake or an attack). */
export const MAX_POLICY_BYTES = 1024 * 1024;

/** A validated policy file and a way back from a field path to its position in the text. */
export interface PolicySource {
  /** The file name as shown in errors and by `policy show` (`<built-in>` for the compiled-in policy). */
  file: string;
  data: PolicyFile;
  /** The problem at `path`, located at the deepest YAML node that exists on that path. */
  problem: (path: readonly PropertyKey[], message: string) => PolicyProblem;
}

type Path = readonly PropertyKey[];

function locator(file: string, doc: Document, lc: LineCounter): PolicySource['problem'] {
  return (path, message) => {
    let node: unknown;
    for (let depth = path.length; depth >= 0; depth--) {
      node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
      if (node && typeof node === 'object' && 'range' in node) break;
      node = undefined;
    }
    const range = (node as Node | undefined)?.range;
    const pos = range ? lc.linePos(range[0]) : { line: 0, col: 0 };
    return { file, line: pos.line, col: pos.col, field: fieldName(path), message };
  };
}

/** Position of a key inside a map (for "unrecognized key" problems, the key is the thing to point at). */
function keyProblem(
  file: string,
  doc: Document,
  lc: LineCounter,
  path: Path,
  key: string,
): PolicyProblem | undefined {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  const { isMap, isScalar } = yamlModule();
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
  if (!range) return undefined;
  const pos = lc.linePos(range[0]);
  return {
    file,
    line: pos.line,
    col: pos.col,
    field: fieldName([...path, key]),
    message: 'unknown field',
  };
}

/**
 * Flatten zod issues into the messages a policy author needs. For a union (`ask` or `{verdict: ask, ...}`),
 * report the branch the author evidently meant: the one whose shape matched, so the error names the real field.
 */
function flatten(
  issues: readonly z.core.$ZodIssue[],
  base: Path = [],
): { path: Path; issue: z.core.$ZodIssue }[] {
  const out: { path: Path; issue: z.core.$ZodIssue }[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const shaped = issue.errors.filter(
        (branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0),
      );
      if (shaped.length === 1 && shaped[0]) {
        out.push(...flatten(shaped[0], path));
        continue;
      }
    }
    out.push({ path, issue });
  }
  return out;
}

function message(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union')
    return 'not a valid value here (see the policy reference for the accepted forms)';
  return issue.message.replace(/^Invalid input: /, '');
}

/** Parse and validate policy text. Throws `PolicyError` (`policy/yaml` or `policy/invalid`) listing every problem. */
export function parsePolicyText(text: string, file: string): PolicySource {
  if (text.length > MAX_POLICY_BYTES) {
    throw new PolicyError('policy/unreadable', [
      { file, line: 0, col: 0, field: '', message: `larger than ${MAX_POLICY_BYTES} bytes` },
    ]);
  }
  const yaml = yamlModule();
  const lc = new yaml.LineCounter();
  const doc = yaml.parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PolicyError(
      'policy/yaml',
      doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0].line ?? 0,
        col: e.linePos?.[0].col ?? 0,
        field: '',
        message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
      })),
    );
  }
  const problem = locator(file, doc, lc);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    throw new PolicyError('policy/yaml', [
      problem([], err instanceof Error ? err.message : String(err)),
    ]);
  }
  if (raw === null || raw === undefined) {
    throw new PolicyError('policy/invalid', [
      problem([], 'the file is empty; a policy starts with `version: 1`'),
    ]);
  }
  const result = policyFileSchema.safeParse(raw);
  if (!result.success) {
    const problems: PolicyProblem[] = [];
    for (const { path, issue } of flatten(result.error.issues)) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          problems.push(
            keyProblem(file, doc, lc, path, key) ?? problem(path, `unknown field "${key}"`),
          );
      } else {
        problems.push(problem(path, message(issue)));
      }
    }
    problems.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new PolicyError('policy/invalid', problems);
  }
  return { file, data: result.data, problem };
}
