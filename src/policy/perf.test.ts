import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { WEDNESDAY_NOON, act, userPolicy } from './test-kit.js';

// Performance sanity: a policy of 50 CEL rules, none of which matches (the worst case: every rule runs), plus
// the built-in protections. The bound is generous (the target is well under 100 µs per call; this asserts the
// median of many batches stays under 1 ms, which only fails when something is recompiled per call). The
// measured figure is printed for the record.
const rules = Array.from({ length: 50 }, (_, i) => {
  const cond = [
    `action.tool == "tool${i}" && action.env == "prod"`,
    `time.hour == ${i % 24} && action.risk == "catastrophic" && action.effect == "destroy"`,
    `action.targets.exists(t, t.startsWith("bucket-${i}"))`,
    `agent.name == "bot-${i}" || action.verb.contains("verb-${i}")`,
    `action.via.size() > 3 && action.rule.startsWith("x${i}/")`,
  ][i % 5];
  return `  - { id: r${i}, when: '${cond ?? ''}', verdict: deny }`;
}).join('\n');
const policy = userPolicy(`version: 1\ntimezone: Europe/Berlin\nrules:\n${rules}\n`);

describe('evaluate performance', () => {
  it('50 rules: median per call well under 100 µs (asserted < 1 ms)', () => {
    const actions = [
      act({
        tool: 'kubectl',
        verb: 'delete deploy',
        effect: 'delete',
        risk: 'high',
        env: 'prod',
        targets: ['deploy', 'web'],
        rule: 'k8s/delete-workload',
      }),
    ];
    const ctx = { agent: 'claude', time: WEDNESDAY_NOON };
    expect(evaluate(actions, policy, ctx).rule).toBe('defaults/high');
    for (let i = 0; i < 2000; i++) evaluate(actions, policy, ctx);
    const perCall: number[] = [];
    for (let batch = 0; batch < 15; batch++) {
      const n = 500;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) evaluate(actions, policy, ctx);
      perCall.push(Number(process.hrtime.bigint() - t0) / n / 1000);
    }
    perCall.sort((a, b) => a - b);
    const median = perCall[Math.floor(perCall.length / 2)] ?? Infinity;
    process.stdout.write(
      `evaluate, 50 CEL rules + built-in protections: median ${median.toFixed(1)} µs per call\n`,
    );
    expect(median).toBeLessThan(1000);
  });
});
