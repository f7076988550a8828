/**
 * The merged policy as YAML, every entry with the file and line it came from (`portcullis policy show`). The
 * output is for reading and diffing, not for loading back: project rules are listed apart because they are
 * evaluated apart (see merge.ts).
 */
import { createRequire } from 'node:module';
import type { CompiledRule, Origin, Policy } from './model.js';
import type { Outcome } from './outcome.js';

const where = (o: Origin): string => (o.line > 0 ? `${o.file}:${o.line}` : o.file);

function outcome(o: Outcome): Record<string, unknown> {
  if (!o.approvals) return { verdict: o.verdict };
  return {
    verdict: o.verdict,
    approvals: o.approvals.required,
    ...(o.approvals.approverGroups ? { approverGroups: o.approvals.approverGroups } : {}),
    ttl: o.approvals.ttlSeconds,
  };
}

function rule(r: CompiledRule): Record<string, unknown> {
  return {
    id: r.id,
    ...(r.spec.description !== undefined ? { description: r.spec.description } : {}),
    ...(r.spec.match ? { match: r.spec.match } : {}),
    ...(r.spec.when !== undefined ? { when: r.spec.when } : {}),
    ...outcome(r.outcome),
    ...(r.spec.reason !== undefined ? { reason: r.spec.reason } : {}),
    ...(r.timezone.name !== 'UTC' ? { timezone: r.timezone.name } : {}),
    origin: where(r.origin),
  };
}

/** Render `policy` as commented YAML. Pure. */
export function renderPolicy(policy: Policy): string {
  const doc: Record<string, unknown> = {
    version: 1,
    mode: policy.mode,
    approvals: {
      required: policy.approvals.required,
      ...(policy.approvals.approverGroups
        ? { approverGroups: policy.approvals.approverGroups }
        : {}),
      ttl: policy.approvals.ttlSeconds,
    },
    defaults: Object.fromEntries(
      Object.entries(policy.defaults).map(([k, d]) => [
        k,
        { ...outcome(d.outcome), origin: where(d.origin) },
      ]),
    ),
  };
  if (policy.environments.length > 0) {
    doc.environments = policy.environments.map((e) => ({
      env: e.env,
      match: e.pattern,
      origin: where(e.origin),
    }));
  }
  doc.protect = policy.protect.map((p) => ({
    name: p.name,
    match: p.spec.match,
    ...outcome(p.outcome),
    ...(p.spec.effects ? { effects: p.spec.effects } : {}),
    ...(p.spec.reason !== undefined ? { reason: p.spec.reason } : {}),
    origin: where(p.origin),
  }));
  doc.rules = policy.rules.map(rule);
  if (policy.projectRules.length > 0) doc.projectRules = policy.projectRules.map(rule);
  if (policy.limits.length > 0) {
    doc.limits = policy.limits.map((l) => ({
      agent: l.agent,
      maxApprovedDestructivePerHour: l.maxApprovedDestructivePerHour,
      origin: where(l.origin),
    }));
  }
  const tests = policy.tests.filter((t) => t.origin.layer !== 'builtin');
  if (tests.length > 0)
    doc.tests = tests.map((t) => ({
      command: t.command,
      expect: t.expect,
      origin: where(t.origin),
    }));
  const head = [
    '# The policy in force, merged in this order (later layers override; a project file only tightens):',
    ...policy.layers.map((l) => `#   ${l.kind.padEnd(8)} ${l.file}`),
    '# Project rules are evaluated apart from the others and can only make a verdict stricter.',
  ];
  return `${head.join('\n')}\n${(createRequire(import.meta.url)('yaml') as typeof import('yaml')).stringify(doc, { lineWidth: 0 })}`;
}
