/**
 * terragrunt: `run-all X`, `run --all X` and `X-all` run a terraform command in every module (applies are
 * auto-approved by construction); anything else is a terraform command judged by the terraform model.
 */
import type { Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { terraformCommand } from './iac-terraform.js';
import { wordList } from './k8s-common.js';

// terragrunt's own options: dropped before the terraform command is judged (the working dir names the env).
const TG_VALUE = new Set(
  wordList(`
  --terragrunt-working-dir --working-dir --terragrunt-config --config --terragrunt-include-dir
  --queue-include-dir --terragrunt-exclude-dir --queue-exclude-dir --terragrunt-iam-role
  --iam-assume-role --terragrunt-parallelism --parallelism --terragrunt-source --source
  --terragrunt-log-level --log-level --terragrunt-download-dir --download-dir --filter --tf-path
  --terragrunt-tfpath --log-format
`),
);

/** terragrunt: `run-all X`, `run --all X`, `X-all`, or a plain terraform command. */
export function analyzeTerragrunt(inv: Invocation, ctx: ToolContext): Action[] {
  const rest: string[] = [];
  const hints: string[] = [];
  let many = false;
  for (let i = 0; i < inv.args.length; i++) {
    const a = inv.args[i] ?? '';
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (TG_VALUE.has(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : (inv.args[++i] ?? '');
      if (name.endsWith('working-dir') || name.endsWith('include-dir')) hints.push(v);
      continue;
    }
    if (
      a === '--all' ||
      a === '--terragrunt-non-interactive' ||
      a === '--non-interactive' ||
      a === '--'
    ) {
      if (a === '--all') many = true;
      continue;
    }
    rest.push(a);
  }
  let idx = rest.findIndex((a) => !a.startsWith('-'));
  let sub = idx < 0 ? '' : (rest[idx] ?? '');
  if (sub === 'run-all' || sub === 'run') {
    many = many || sub === 'run-all';
    const next = rest.slice(idx + 1).findIndex((a) => !a.startsWith('-'));
    idx = next < 0 ? -1 : idx + 1 + next;
    sub = idx < 0 ? '' : (rest[idx] ?? '');
  } else if (sub.endsWith('-all')) {
    many = true;
    sub = sub.slice(0, -4);
  }
  if (sub === '' || rest.includes('--help') || rest.includes('-help')) {
    return [
      ctx.action({
        tool: 'terragrunt',
        verb: sub || 'help',
        effect: 'read',
        risk: 'none',
        rule: 'iac/read',
        reasons: ['prints help'],
      }),
    ];
  }
  const args = [...rest.slice(0, idx).filter((a) => a.startsWith('-')), ...rest.slice(idx + 1)];
  const init = terraformCommand('terragrunt', sub, args, ctx, hints, many);
  if (!many || init.rule !== 'iac/read') return [ctx.action(init)];
  return [ctx.action({ ...init, reasons: ['runs a read-only command in every module'] })];
}
