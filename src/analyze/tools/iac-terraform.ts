/**
 * terraform / tofu / terragrunt. `destroy` and `apply -destroy` remove the stack (the confirmation prompt is
 * the gate, so `-auto-approve` does not matter); `-replace` of a data resource loses its data; `state rm`
 * forgets resources; plans, validation and state reads are safe. Options hidden in TF_CLI_ARGS and
 * TF_CLI_ARGS_<command> count as if typed; the environment comes from -chdir, var files, -var values,
 * TF_WORKSPACE and the working directory.
 */
import { has, parseArgs, value, values, type ParsedArgs } from '../args.js';
import type { ActionInit, Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { applyInit, destroyInit, replaceInit, resourceClass } from './iac-common.js';
import { wordList } from './k8s-common.js';

const TF_VALUE = wordList(`
  -target -replace -var -var-file -state -state-out -backup -lock-timeout -parallelism -out
  -backend-config -from-module -generate-config-out -chdir -filter -test-directory -plugin-dir
  -lockfile -platform -provider -exclude
`).flatMap((o) => [o, `-${o}`]);

const READS = new Set(
  wordList(`
  plan validate show output graph providers version console metadata modules help query
  output-all render-json hclfmt graph-dependencies validate-inputs info find list dag hcl render
`),
);
const WRITES = new Set(
  wordList(`
  fmt get init login logout test refresh import taint untaint force-unlock
`),
);

/** Words of an environment variable holding extra CLI arguments. */
function envArgs(ctx: ToolContext, name: string): string[] {
  const v = ctx.env[name];
  return v ? v.split(/\s+/).filter((s) => s.length > 0) : [];
}

/** Judge one terraform command (`sub` and its args) with `many` when run across several modules. */
export function terraformCommand(
  tool: string,
  sub: string,
  args: readonly string[],
  ctx: ToolContext,
  extraEnvHints: readonly string[],
  many = false,
): ActionInit {
  const all = [...args, ...envArgs(ctx, 'TF_CLI_ARGS'), ...envArgs(ctx, `TF_CLI_ARGS_${sub}`)];
  const p = parseArgs(all, { value: TF_VALUE, longSingleDash: true });
  const opt = (name: string): string[] => values(p, `-${name}`, `--${name}`);
  const vars = opt('var');
  const env = ctx.envOf(
    ...extraEnvHints,
    ...opt('var-file'),
    ...vars,
    ...opt('state'),
    ctx.env.TF_WORKSPACE,
  );
  const base = { tool, env };
  const flag = (name: string): boolean => has(p, `-${name}`, `--${name}`);
  if (flag('help') || flag('h'))
    return {
      ...base,
      verb: sub,
      effect: 'read',
      risk: 'none',
      rule: 'iac/read',
      reasons: ['prints help'],
    };
  const verb = many ? `run-all ${sub}` : sub;
  switch (sub) {
    case 'destroy':
      return destroyInit(tool, verb, opt('target'), env);
    case 'apply': {
      if (flag('destroy')) return destroyInit(tool, `${verb} -destroy`, opt('target'), env);
      if (flag('refresh-only')) {
        return {
          ...base,
          verb: `${verb} -refresh-only`,
          effect: 'write',
          risk: 'low',
          rule: 'iac/write',
          reasons: ['only records drift in the state; no infrastructure changes'],
        };
      }
      const replace = opt('replace');
      if (replace.length > 0) {
        const r = replaceInit(tool, verb, replace, env);
        if (r.risk !== 'low') return r;
      }
      const planFile = p.positionals[0];
      // run-all applies answer yes for every module: auto-approved by construction.
      const auto =
        many || (flag('auto-approve') && value(p, '-auto-approve', '--auto-approve') !== 'false');
      return applyInit(tool, verb, { autoApprove: auto, ...(planFile ? { planFile } : {}) }, env);
    }
    case 'state':
      return stateCommand(tool, p, base);
    case 'taint': {
      // Not destructive by itself, but the next apply destroys and recreates the resource.
      const address = p.positionals[0] ?? '';
      if (
        resourceClass(address) === 'data' &&
        (env === 'prod' || env === 'staging' || env === 'unknown')
      ) {
        return {
          ...base,
          verb: 'taint',
          effect: 'destroy',
          risk: 'high',
          rule: 'iac/taint-stateful',
          targets: [address],
          reasons: [
            `marks ${address} for destruction and recreation at the next apply: its data would be lost`,
          ],
        };
      }
      return {
        ...base,
        verb: 'taint',
        effect: 'write',
        risk: 'low',
        rule: 'iac/write',
        targets: [address],
        reasons: ['marks a resource for replacement'],
      };
    }
    case 'workspace': {
      const action = p.positionals[0] ?? '';
      if (action === 'delete') {
        return {
          ...base,
          verb: 'workspace delete',
          effect: 'delete',
          risk: 'high',
          rule: 'iac/workspace-delete',
          targets: p.positionals.slice(1),
          reasons: ['deletes a workspace and its state: the resources are no longer managed'],
        };
      }
      const reads = action === 'list' || action === 'show';
      return {
        ...base,
        verb: `workspace ${action}`,
        effect: reads ? 'read' : 'write',
        risk: reads ? 'none' : 'low',
        rule: reads ? 'iac/read' : 'iac/write',
      };
    }
    default:
      if (READS.has(sub)) {
        return {
          ...base,
          verb,
          effect: 'read',
          risk: 'none',
          rule: 'iac/read',
          reasons: [sub === 'plan' ? 'only shows what would change' : 'read-only'],
        };
      }
      if (WRITES.has(sub))
        return {
          ...base,
          verb,
          effect: 'write',
          risk: 'low',
          rule: 'iac/write',
          reasons: ['local or state bookkeeping'],
        };
      return {
        ...base,
        verb,
        effect: 'unknown',
        risk: 'low',
        rule: 'iac/other',
        reasons: [`${sub}: not a known ${tool} command`],
      };
  }
}

function stateCommand(
  tool: string,
  p: ParsedArgs,
  base: { tool: string; env: ActionInit['env'] },
): ActionInit {
  const action = p.positionals[0] ?? '';
  const addresses = p.positionals.slice(1);
  switch (action) {
    case 'rm':
      return {
        ...base,
        verb: 'state rm',
        effect: 'delete',
        risk: 'high',
        rule: 'iac/state-rm',
        targets: addresses,
        reasons: [
          'forgets resources: they keep running but are no longer managed (or get duplicated)',
        ],
      };
    case 'push':
      return has(p, '-force', '--force')
        ? {
            ...base,
            verb: 'state push -force',
            effect: 'destroy',
            risk: 'high',
            rule: 'iac/state-push',
            targets: addresses,
            reasons: ['overwrites the remote state, whatever it holds'],
          }
        : {
            ...base,
            verb: 'state push',
            effect: 'write',
            risk: 'low',
            rule: 'iac/write',
            targets: addresses,
            reasons: ['pushes state; lineage and serial checks still apply'],
          };
    case 'list':
    case 'show':
    case 'pull':
      return {
        ...base,
        verb: `state ${action}`,
        effect: 'read',
        risk: 'none',
        rule: 'iac/read',
        targets: addresses,
        reasons: ['read-only'],
      };
    default:
      return {
        ...base,
        verb: `state ${action}`,
        effect: 'write',
        risk: 'low',
        rule: 'iac/write',
        targets: addresses,
        reasons: ['a state refactor; the infrastructure is untouched'],
      };
  }
}

/** terraform / tofu: global options (-chdir) come before the command. */
export function analyzeTerraform(inv: Invocation, ctx: ToolContext): Action[] {
  const idx = inv.args.findIndex((a) => !a.startsWith('-'));
  const globals = idx < 0 ? inv.args : inv.args.slice(0, idx);
  const g = parseArgs(globals, { value: TF_VALUE, longSingleDash: true });
  const sub = idx < 0 ? '' : (inv.args[idx] ?? '');
  const chdir = value(g, '-chdir', '--chdir');
  if (sub === '' || has(g, '-help', '--help', '-h', '-version', '--version', '-v')) {
    return [
      ctx.action({
        tool: inv.name,
        verb: sub || 'help',
        effect: 'read',
        risk: 'none',
        rule: 'iac/read',
        env: ctx.envOf(chdir),
        reasons: ['prints help or version'],
      }),
    ];
  }
  return [
    ctx.action(terraformCommand(inv.name, sub, inv.args.slice(idx + 1), ctx, chdir ? [chdir] : [])),
  ];
}
