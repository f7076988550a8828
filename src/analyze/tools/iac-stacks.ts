/**
 * Stack-based deployment tools: pulumi, AWS CDK, CDK for Terraform, SAM and the Serverless Framework. Each
 * has one verb that deletes the whole stack (`destroy`, `delete`, `remove`): catastrophic whatever the prompt
 * flags say. Previews, diffs and synths are safe; deploys are ordinary changes.
 */
import { has, parseArgs, value, values } from '../args.js';
import type { ActionInit, Invocation, ToolContext } from '../model.js';
import type { Action } from '../types.js';
import { applyInit, destroyInit, replaceInit } from './iac-common.js';
import { wordList } from './k8s-common.js';

const PULUMI_VALUE = wordList(`
  -s --stack -C --cwd -t --target --target-replace --replace --exclude --config-file -c --config
  -p --parallel -m --message --secrets-provider --color -v --verbose --policy-pack
  --policy-pack-config --tracing --plan --save-plan --import-file --exec-kind --exec-agent
  --attach-debugger --suppress-permalink
`);

const read = (tool: string, verb: string, env: ActionInit['env'], reason: string): ActionInit => ({
  tool,
  verb,
  effect: 'read',
  risk: 'none',
  rule: 'iac/read',
  env,
  reasons: [reason],
});

/** pulumi: destroy/down, up/update, stack rm, state delete; everything else is a read or bookkeeping. */
export function analyzePulumi(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: PULUMI_VALUE });
  const [sub = '', action = '', ...rest] = p.positionals;
  const stack =
    value(p, '-s', '--stack') ?? (sub === 'stack' && action !== 'ls' ? rest[0] : undefined);
  const env = ctx.envOf(stack, value(p, '-C', '--cwd'), ctx.env.PULUMI_STACK);
  const yes = has(p, '-y', '--yes', '-f', '--skip-preview');
  const act = (init: ActionInit): Action[] => [
    ctx.action({ ...init, targets: [...(init.targets ?? []), ...(stack ? [stack] : [])] }),
  ];
  if (sub === '' || has(p, '--help', '-h') || sub === 'help')
    return act(read('pulumi', sub || 'help', env, 'prints help'));
  if (has(p, '--preview-only') || sub === 'preview' || sub === 'pre')
    return act(read('pulumi', sub, env, 'only previews the changes'));
  switch (sub) {
    case 'destroy':
    case 'down':
    case 'dn':
      return act(destroyInit('pulumi', 'destroy', values(p, '-t', '--target'), env));
    case 'up':
    case 'update':
    case 'u': {
      const replace = values(p, '--replace', '--target-replace');
      if (replace.length > 0) {
        const r = replaceInit('pulumi', 'up', replace, env);
        if (r.risk !== 'low') return act(r);
      }
      return act(applyInit('pulumi', 'up', { autoApprove: yes }, env));
    }
    case 'stack':
      if (action === 'rm' || action === 'remove') {
        const force = has(p, '-f', '--force');
        return act({
          tool: 'pulumi',
          verb: `stack rm${force ? ' --force' : ''}`,
          effect: 'delete',
          risk: force && env === 'prod' ? 'catastrophic' : 'high',
          rule: 'iac/stack-rm',
          env,
          reasons: [
            force
              ? 'deletes the stack even though it still has resources: they are orphaned, unmanaged'
              : 'deletes the stack, its configuration and history',
          ],
        });
      }
      return act(
        ['ls', 'output', 'export', 'history', 'graph', 'tag', 'select', ''].includes(action)
          ? read('pulumi', `stack ${action}`, env, 'read-only')
          : {
              tool: 'pulumi',
              verb: `stack ${action}`,
              effect: 'write',
              risk: 'low',
              rule: 'iac/write',
              env,
              reasons: ['stack bookkeeping'],
            },
      );
    case 'state':
      if (action === 'delete') {
        return act({
          tool: 'pulumi',
          verb: 'state delete',
          effect: 'delete',
          risk: 'high',
          rule: 'iac/state-rm',
          targets: rest,
          env,
          reasons: ['forgets a resource: it keeps running unmanaged'],
        });
      }
      return act({
        tool: 'pulumi',
        verb: `state ${action}`,
        effect: 'write',
        risk: 'low',
        rule: 'iac/write',
        targets: rest,
        env,
        reasons: ['a state edit; the infrastructure is untouched'],
      });
    case 'whoami':
    case 'about':
    case 'version':
    case 'logs':
    case 'config':
    case 'org':
    case 'gen-completion':
    case 'schema':
    case 'env':
      return act(
        action === 'set' || action === 'rm'
          ? {
              tool: 'pulumi',
              verb: `${sub} ${action}`,
              effect: 'write',
              risk: 'low',
              rule: 'iac/write',
              env,
              reasons: ['edits stack configuration'],
            }
          : read('pulumi', sub, env, 'read-only'),
      );
    default:
      return act({
        tool: 'pulumi',
        verb: sub,
        effect: 'write',
        risk: 'low',
        rule: 'iac/write',
        env,
        reasons: [`${sub}: a reversible change`],
      });
  }
}

const CDK_VALUE = wordList(`
  -a --app -c --context --profile -o --output --require-approval --role-arn --toolkit-stack-name
  --method --change-set-name --outputs-file -O --parameters --tags --notification-arns
  --concurrency --asset-parallelism --build-exclude --progress --region -e --exclusively --stack
  --app-language --var --var-file --auto-approve-level
`);

/** AWS CDK and CDK for Terraform: `destroy` deletes the named stacks (or all). */
export function analyzeCdk(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, { value: CDK_VALUE });
  const [sub = '', ...stacks] = p.positionals;
  const env = ctx.envOf(
    value(p, '--profile'),
    ...stacks,
    ...values(p, '-c', '--context', '--var', '--var-file'),
  );
  const tool = inv.name;
  const one = (init: ActionInit): Action[] => [
    ctx.action({ ...init, targets: init.targets ?? stacks }),
  ];
  if (sub === '' || has(p, '--help', '-h'))
    return one(read(tool, sub || 'help', env, 'prints help'));
  switch (sub) {
    case 'destroy':
      return one({
        ...destroyInit(tool, 'destroy', [], env),
        reasons: [
          `destroys ${stacks.length > 0 ? stacks.join(', ') : 'the stacks'} and every resource in them`,
        ],
      });
    case 'deploy':
    case 'apply':
    case 'watch':
      return one(applyInit(tool, sub, { autoApprove: false }, env));
    case 'diff':
    case 'synth':
    case 'synthesize':
    case 'ls':
    case 'list':
    case 'doctor':
    case 'metadata':
    case 'notices':
    case 'docs':
    case 'doc':
    case 'version':
    case 'plan':
    case 'output':
    case 'outputs':
    case 'drift':
      return one(read(tool, sub, env, 'read-only'));
    default:
      return one({
        tool,
        verb: sub,
        effect: 'write',
        risk: 'low',
        rule: 'iac/write',
        env,
        reasons: [`${sub}: bootstrap, context or local project change`],
      });
  }
}

/** AWS SAM: `delete` removes the CloudFormation stack. */
export function analyzeSam(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, {
    value: [
      '--stack-name',
      '--region',
      '--profile',
      '--config-env',
      '--config-file',
      '-t',
      '--template',
      '--s3-bucket',
      '--parameter-overrides',
    ],
  });
  const sub = p.positionals[0] ?? '';
  const stack = value(p, '--stack-name');
  const env = ctx.envOf(stack, value(p, '--profile', '--config-env'));
  const targets = stack ? [stack] : [];
  if (sub === '' || has(p, '--help', '-h'))
    return [ctx.action({ ...read('sam', sub || 'help', env, 'prints help'), targets })];
  if (sub === 'delete') {
    return [
      ctx.action({
        ...destroyInit('sam', 'delete', [], env),
        targets,
        reasons: [`deletes the stack ${stack ?? '(from samconfig)'} and every resource in it`],
      }),
    ];
  }
  const reads = [
    'validate',
    'logs',
    'list',
    'traces',
    'build',
    'local',
    'init',
    'package',
  ].includes(sub);
  return [
    ctx.action(
      reads
        ? { ...read('sam', sub, env, 'read-only or local'), targets }
        : {
            tool: 'sam',
            verb: sub,
            effect: 'write',
            risk: 'low',
            rule: 'iac/apply',
            targets,
            env,
            reasons: ['deploys the stack'],
          },
    ),
  ];
}

/** Serverless Framework: `remove` deletes the service's stack for the stage. */
export function analyzeServerless(inv: Invocation, ctx: ToolContext): Action[] {
  const p = parseArgs(inv.args, {
    value: wordList(`
      -s --stage -r --region --aws-profile -c --config -f --function --app --org -p --path -d
      --data
    `),
  });
  const sub = p.positionals[0] ?? '';
  const stage = value(p, '-s', '--stage');
  const env = ctx.envOf(stage, value(p, '--aws-profile'), value(p, '-c', '--config'));
  const targets = stage ? [stage] : [];
  if (sub === '' || has(p, '--help', '-h') || has(p, '--noDeploy'))
    return [ctx.action({ ...read(inv.name, sub || 'help', env, 'prints help'), targets })];
  if (sub === 'remove')
    return [
      ctx.action({
        ...destroyInit(inv.name, 'remove', [], env),
        targets,
        reasons: ['removes the service stack and every resource in it'],
      }),
    ];
  const reads = ['info', 'logs', 'print', 'package', 'metrics', 'doctor', 'offline'].includes(sub);
  return [
    ctx.action(
      reads
        ? { ...read(inv.name, sub, env, 'read-only or local'), targets }
        : {
            tool: inv.name,
            verb: sub,
            effect: 'write',
            risk: 'low',
            rule: 'iac/apply',
            targets,
            env,
            reasons: [`${sub}: a deploy or invocation`],
          },
    ),
  ];
}
