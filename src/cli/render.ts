/** Human-readable rendering of a Decision, readable at a glance; colour only when asked. */
import type { Decision } from '../policy/types.js';

const COLOURS = { allow: '\x1b[32m', ask: '\x1b[33m', deny: '\x1b[31m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

export function renderDecision(d: Decision, colour: boolean): string {
  const c = (k: keyof typeof COLOURS, s: string): string => (colour ? `${COLOURS[k]}${s}${COLOURS.reset}` : s);
  const lines: string[] = [];
  const verdictColour = d.verdict;
  const review = d.approvals
    ? `  needs ${d.approvals.required} approval${d.approvals.required === 1 ? '' : 's'}${d.approvals.required >= 2 ? ' (peer review)' : ''}`
    : '';
  lines.push(`${c('bold', c(verdictColour, d.verdict.toUpperCase()))}  risk: ${d.risk}  rule: ${d.rule}${review}`);
  const shown = d.actions.filter((a) => a.rule !== 'shell/no-model' || d.actions.length === 1);
  for (const a of shown) {
    const path = a.via.length > 0 ? `${a.via.join(' → ')} → ` : '';
    const what = a.verb.startsWith(a.tool) ? a.verb : `${a.tool} ${a.verb}`;
    lines.push(`  • ${path}${what}  ${c('dim', `[${a.risk}, ${a.effect}, env ${a.env}, ${a.rule}]`)}`);
    if (a.targets.length > 0) lines.push(`      targets: ${a.targets.join(', ')}`);
    for (const r of a.reasons) lines.push(`      ${r}`);
  }
  if (shown.length === 0) lines.push('  nothing risky found');
  return `${lines.join('\n')}\n`;
}
