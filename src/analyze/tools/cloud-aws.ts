/**
 * Tool model: cloud-aws. The AWS CLI (`aws`, `awslocal`), `s3cmd`, Elastic Beanstalk (`eb`) and
 * the ECS CLI (AWS Copilot's judge is in `cloud-aws-tools.ts`). An `aws` operation is judged from its verb and noun
 * (`delete-db-cluster`, `terminate-instances`, `describe-*`), its parameters (public ACLs, admin
 * policies, protection flags, record-set deletes) and its environment (`--profile`, `AWS_PROFILE`,
 * resource names). Against a local emulator (LocalStack) nothing is catastrophic.
 */
import type { Action, Risk } from '../types.js';
import { defineTool, type ToolContext } from '../model.js';
import { sqlDestruction } from './cloud-common.js';
import { flag, opt, optAll, parseAws, type AwsCall } from './cloud-aws-parse.js';
import { judgeOp } from './cloud-aws-ops.js';
import { analyzeS3cmd, judgeS3 } from './cloud-aws-s3.js';
import { securityFinding, type Finding } from './cloud-aws-security.js';
import { analyzeAwsTool } from './cloud-aws-tools.js';

const SQL_PARAMS = ['--sql', '--statement', '--query-string', '--statements'];

/** The shell commands an operation runs on instances or containers, when written inline. */
function remoteCommands(call: AwsCall): string | undefined {
  if (call.service === 'ecs' && call.op === 'execute-command') return opt(call, '--command');
  if (call.service !== 'ssm' || call.op !== 'send-command') return undefined;
  const params = optAll(call, '--parameters').join(' ').trim();
  if (params.startsWith('{')) {
    try {
      const doc = JSON.parse(params) as { commands?: unknown };
      const cmds = Array.isArray(doc.commands) ? doc.commands : [doc.commands];
      return cmds.filter((c): c is string => typeof c === 'string').join('\n');
    } catch {
      return undefined;
    }
  }
  const eq = params.indexOf('commands=');
  if (eq < 0) return undefined;
  const raw = params.slice(eq + 'commands='.length);
  try {
    const list = JSON.parse(raw) as unknown;
    if (Array.isArray(list))
      return list.filter((c): c is string => typeof c === 'string').join('\n');
  } catch {
    // Shorthand list: [cmd1,cmd2] without JSON quoting.
  }
  return raw.replace(/^\[|\]$/g, '').replace(/^["']|["']$/g, '');
}

function judge(call: AwsCall, ctx: ToolContext): Finding {
  if (
    call.op === 'help' ||
    call.service === 'help' ||
    call.positionals.includes('help') ||
    flag(call, '--help')
  ) {
    return { risk: 'none', rule: 'help', reason: 'only shows help' };
  }
  if (flag(call, '--generate-cli-skeleton'))
    return { risk: 'none', rule: 'read', reason: 'prints a parameter skeleton' };
  if (call.service === 's3') return judgeS3(call);
  if (flag(call, '--dry-run'))
    return { risk: 'none', rule: 'dry-run', reason: 'dry run: AWS only checks permissions' };
  const weak = securityFinding(call);
  if (weak) return weak;
  const sql = optAll(call, ...SQL_PARAMS)
    .map(sqlDestruction)
    .find((d) => d !== undefined);
  if (sql)
    return {
      risk: sql.risk,
      rule: 'sql',
      reason: `runs ${sql.what} through ${call.service} ${call.op}`,
    };
  const commands = remoteCommands(call);
  if (commands !== undefined) {
    const where = [...optAll(call, '--instance-ids', '--targets', '--task', '--cluster')].join(' ');
    ctx.script(commands, `aws ${call.service} ${call.op} ${where}`.trim(), {
      env: call.env,
      remote: true,
    });
    return {
      risk: 'low',
      rule: 'exec',
      reason: `runs commands remotely (${where || 'targets'}); they are judged separately`,
    };
  }
  return judgeOp(call);
}

function analyzeAws(inv: Parameters<typeof parseAws>[0], ctx: ToolContext): Action[] {
  const call = parseAws(inv, ctx);
  if (!call) {
    return [
      ctx.action({
        tool: 'aws',
        verb: 'aws',
        effect: 'read',
        risk: 'none',
        rule: 'aws/read',
        reasons: ['no operation: help or version'],
      }),
    ];
  }
  const f = judge(call, ctx);
  let risk: Risk = f.risk;
  const reasons = [f.reason];
  if (call.local && risk === 'catastrophic') {
    risk = 'high';
    reasons.push('against a local emulator (LocalStack), not a real account');
  }
  const actions: Action[] = [
    ctx.action({
      tool: 'aws',
      verb: `${call.service} ${call.op}`.trim(),
      effect:
        risk === 'none'
          ? 'read'
          : risk === 'catastrophic'
            ? 'destroy'
            : /delete|rm|rb|terminate/.test(f.rule)
              ? 'delete'
              : 'write',
      risk,
      rule: `aws/${f.rule}`,
      targets: call.targets,
      reasons,
      env: call.env,
      reversible: risk === 'none' || risk === 'low',
    }),
  ];
  if (flag(call, '--no-verify-ssl')) {
    actions.push(
      ctx.action({
        tool: 'aws',
        verb: '--no-verify-ssl',
        effect: 'write',
        risk: 'low',
        rule: 'aws/no-verify-ssl',
        targets: [],
        reasons: ['TLS certificates are not verified for this call'],
        env: call.env,
      }),
    );
  }
  return actions;
}

export const cloudAwsModel = defineTool({
  family: 'cloud-aws',
  // `copilot` is GitHub's agent CLI to the self model; AWS Copilot is judged by analyzeAwsTool when
  // that model hands its sub-commands (app, env, svc, job ...) over.
  commands: ['aws', 'awslocal', 's3cmd', 'eb', 'ecs-cli'],
  analyze(inv, ctx) {
    switch (inv.name) {
      case 'aws':
      case 'awslocal':
        return analyzeAws(inv, ctx);
      case 's3cmd':
        return analyzeS3cmd(inv, ctx);
      default:
        return analyzeAwsTool(inv, ctx);
    }
  },
});
