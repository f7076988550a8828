/**
 * From policy texts to one compiled Policy: parse and validate each, compile each, merge. Pure (texts in,
 * Policy out); `load.ts` finds and reads the files.
 */
import { createHash } from 'node:crypto';
import { BUILTIN_POLICY, BUILTIN_POLICY_FILE } from './builtin-policy.js';
import { compileLayer, type CompiledLayer } from './compile.js';
import { PolicyError, fieldName, type PolicyErrorCode, type PolicyProblem } from './errors.js';
import { mergeLayers } from './merge.js';
import type { LayerKind, Policy } from './model.js';
import { parsePolicyText, type PolicySource } from './source.js';

/** One policy file's text and the layer it forms. */
export interface PolicyText {
  file: string;
  kind: Exclude<LayerKind, 'builtin'>;
  text: string;
}

const LAYER_ORDER: Readonly<Record<LayerKind, number>> = {
  builtin: 0,
  system: 1,
  user: 2,
  file: 2,
  project: 3,
};

/**
 * Compile policy texts on top of the built-in policy. Throws one `PolicyError` listing the problems of every
 * file (so an author fixes them all in one go); a project layer that loosens is refused (`policy/loosens`).
 */
export function compilePolicy(texts: readonly PolicyText[]): Policy {
  const ordered = [...texts].sort((a, b) => LAYER_ORDER[a.kind] - LAYER_ORDER[b.kind]);
  if (ordered.filter((t) => t.kind === 'project').length > 1) {
    throw new PolicyError('policy/invalid', [
      {
        file: ordered.map((t) => t.file).join(', '),
        line: 0,
        col: 0,
        field: '',
        message: 'only one project policy can apply',
      },
    ]);
  }
  const layers: CompiledLayer[] = [builtinLayer()];
  const problems: PolicyProblem[] = [];
  let code: PolicyErrorCode | undefined;
  for (const t of ordered) {
    try {
      const compiled = compileLayer(parsePolicyText(t.text, t.file), t.kind);
      if (compiled.problems.length > 0) {
        code ??= 'policy/invalid';
        problems.push(...compiled.problems);
      } else layers.push(compiled.layer);
    } catch (err) {
      if (!(err instanceof PolicyError)) throw err;
      code ??= err.code;
      problems.push(...err.problems);
    }
  }
  if (code) throw new PolicyError(code, problems);
  return { ...mergeLayers(layers), version: policyVersion(ordered) };
}

let builtinVersion: string | undefined;

/** `builtin:<digest>` alone, or a sha256 over the built-in version and each merged file's kind, path and text. */
function policyVersion(texts: readonly PolicyText[]): string {
  builtinVersion ??= `builtin:${createHash('sha256').update(JSON.stringify(BUILTIN_POLICY)).digest('hex').slice(0, 16)}`;
  const h = createHash('sha256').update(builtinVersion);
  for (const t of texts) h.update(`\0${t.kind}\0${t.file}\0${t.text}`);
  return texts.length === 0 ? builtinVersion : `sha256:${h.digest('hex').slice(0, 32)}`;
}

/** The built-in policy as a source: already typed, so neither YAML nor the schema runs; it has no lines. */
export const BUILTIN_SOURCE: PolicySource = {
  file: BUILTIN_POLICY_FILE,
  data: BUILTIN_POLICY,
  problem: (path, message) => ({
    file: BUILTIN_POLICY_FILE,
    line: 0,
    col: 0,
    field: fieldName(path),
    message,
  }),
};

let builtinCompiled: CompiledLayer | undefined;
function builtinLayer(): CompiledLayer {
  if (!builtinCompiled) {
    const { layer, problems } = compileLayer(BUILTIN_SOURCE, 'builtin');
    if (problems.length > 0) throw new PolicyError('policy/invalid', problems);
    builtinCompiled = layer;
  }
  return builtinCompiled;
}

let builtin: Policy | undefined;

/** The built-in default policy alone (compiled once per process). */
export function defaultPolicy(): Policy {
  builtin ??= compilePolicy([]);
  return builtin;
}
