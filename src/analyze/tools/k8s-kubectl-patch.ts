/**
 * `kubectl patch`: most patches are ordinary edits; two are not. Clearing `metadata.finalizers` lets a pending
 * deletion go through without the cleanup the finalizer guards (a volume, a cloud load balancer, a database);
 * setting `spec.replicas` to 0 is a scale to zero.
 */
import { value, type ParsedArgs } from '../args.js';
import type { ActionInit } from '../model.js';
import type { KubectlScope } from './k8s-kubectl-delete.js';
import { kindsAndNames } from './k8s-kinds.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/** True when a merge/strategic patch sets some `finalizers` to null or [], or a JSON patch removes them. */
function clearsFinalizers(body: Json | undefined, raw: string): boolean {
  if (body === undefined) return raw.includes('finalizers');
  if (Array.isArray(body)) {
    // JSON patch: [{"op":"remove","path":"/metadata/finalizers"}] or replace with [].
    return body.some((op) => {
      if (op === null || typeof op !== 'object' || Array.isArray(op)) return false;
      const path = typeof op.path === 'string' ? op.path : '';
      if (!path.includes('/finalizers')) return false;
      if (op.op === 'remove') return true;
      return (
        op.op === 'replace' &&
        (op.value === null || (Array.isArray(op.value) && op.value.length === 0))
      );
    });
  }
  if (body === null || typeof body !== 'object') return false;
  for (const [key, v] of Object.entries(body)) {
    if (key === 'finalizers' && (v === null || (Array.isArray(v) && v.length === 0))) return true;
    if (v !== null && typeof v === 'object' && clearsFinalizers(v, '')) return true;
  }
  return false;
}

/** True when the patch sets `spec.replicas` to 0. */
function scalesToZero(body: Json | undefined): boolean {
  if (body === undefined || body === null || typeof body !== 'object') return false;
  if (Array.isArray(body)) {
    return body.some(
      (op) =>
        op !== null &&
        typeof op === 'object' &&
        !Array.isArray(op) &&
        op.path === '/spec/replicas' &&
        op.value === 0,
    );
  }
  const spec = body.spec;
  return spec !== null && typeof spec === 'object' && !Array.isArray(spec) && spec.replicas === 0;
}

/** The action of one `kubectl patch`. */
export function patchAction(
  p: ParsedArgs,
  positionals: readonly string[],
  s: KubectlScope,
): ActionInit {
  const raw = value(p, '-p', '--patch') ?? '';
  const file = value(p, '--patch-file');
  const body = parseJson(raw);
  const { kinds, names } = kindsAndNames(positionals);
  const targets = [...kinds, ...names];
  const base = { tool: s.tool, env: s.env, targets };
  if (raw !== '' && clearsFinalizers(body, raw)) {
    return {
      ...base,
      verb: 'patch finalizers',
      effect: 'destroy',
      risk: 'high',
      rule: 'k8s/remove-finalizers',
      reasons: [
        'removes the finalizers, so a pending deletion proceeds without the cleanup they guard',
      ],
    };
  }
  if (scalesToZero(body)) {
    return {
      ...base,
      verb: 'patch replicas=0',
      effect: 'destroy',
      risk: 'high',
      rule: 'k8s/scale-zero',
      reversible: true,
      reasons: ['sets replicas to zero: an outage'],
    };
  }
  return {
    ...base,
    verb: 'patch',
    effect: 'write',
    risk: 'low',
    rule: 'k8s/patch',
    reasons: [file ? `patches from ${file}` : 'patches an object: a reversible edit'],
  };
}
