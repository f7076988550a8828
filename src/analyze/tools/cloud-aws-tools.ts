/**
 * The smaller AWS deployment CLIs: Elastic Beanstalk (`eb`), Copilot (`copilot`) and the ECS CLI
 * (`ecs-cli`). They share the path grammar (`copilot app delete`, `eb terminate ENV`) and each can
 * tear down a whole environment in one word. Commands run on instances (`eb ssh --command`,
 * `copilot svc exec --command`) are analysed as scripts on the far side.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { value } from '../args.js';
import { parsePath, type PathSpec } from './cloud-other-path.js';
import { judgePath } from './cloud-other-judge.js';

const EB: PathSpec = {
  tool: 'eb',
  // prettier-ignore
  value: [
    '-r', '--region', '-p', '--profile', '--timeout', '-l', '--label', '-m', '--message', '-c',
    '--command', '--cname', '-i', '--instance_type', '-k', '--keyname', '--source', '-n',
    '--number', '--modules',
  ],
  scope: ['-p', '--profile'],
  rules: [
    {
      path: 'terminate',
      risk: 'catastrophic',
      rule: 'terminate',
      reason:
        'terminates a whole Beanstalk environment: instances, load balancer and attached resources',
    },
    {
      path: 'scale',
      risk: 'high',
      rule: 'scale-to-zero',
      reason: 'scales the environment to zero instances',
      when: (c) => c.names[0] === '0',
    },
    {
      path: 'appversion',
      risk: 'high',
      rule: 'delete',
      reason: 'deletes an application version',
      when: (c) => c.p.opts.has('--delete') || c.p.opts.has('-d'),
    },
  ],
};

const COPILOT: PathSpec = {
  tool: 'copilot',
  // prettier-ignore
  value: [
    '-a', '--app', '-e', '--env', '-n', '--name', '-c', '--command', '--profile', '--region',
    '--tag', '--task-id', '--container', '--since', '--start-time', '--end-time', '--resources',
  ],
  scope: ['-a', '--app', '-e', '--env', '-n', '--name'],
  rules: [
    {
      path: 'env delete',
      risk: 'catastrophic',
      rule: 'delete-environment',
      reason: 'deletes a whole Copilot environment and its network',
    },
    {
      path: 'app delete',
      risk: 'catastrophic',
      rule: 'delete-app',
      reason: 'deletes the application with every environment and service',
    },
  ],
};

const ECS_CLI: PathSpec = {
  tool: 'ecs-cli',
  // prettier-ignore
  value: [
    '-c', '--cluster', '--cluster-config', '--ecs-profile', '--aws-profile', '--region', '-f',
    '--file', '-p', '--project-name', '--size', '--instance-type', '--keypair', '--launch-type',
    '--task-role-arn',
  ],
  scope: [
    '-c',
    '--cluster',
    '--cluster-config',
    '--ecs-profile',
    '--aws-profile',
    '-p',
    '--project-name',
  ],
  rules: [
    {
      path: 'compose|service down|stop',
      risk: 'high',
      rule: 'stop',
      reason: 'stops the composed service',
    },
    {
      path: 'down',
      risk: 'catastrophic',
      rule: 'delete-cluster',
      reason: "deletes the cluster's CloudFormation stack and its instances",
    },
    {
      path: 'scale',
      risk: 'high',
      rule: 'scale-to-zero',
      reason: 'scales the cluster to zero instances',
      when: (c) => value(c.p, '--size') === '0',
    },
  ],
};

const SPECS: Readonly<Record<string, PathSpec>> = { eb: EB, copilot: COPILOT, 'ecs-cli': ECS_CLI };

/**
 * Judge `eb`, `ecs-cli` or AWS `copilot`. The name `copilot` belongs to the self model (GitHub's agent
 * CLI); it can hand AWS Copilot invocations (`copilot app|env|svc|job|pipeline|task ...`) here.
 */
export function analyzeAwsTool(inv: Invocation, ctx: ToolContext): Action[] {
  const spec = SPECS[inv.name];
  if (!spec) return [];
  const call = parsePath(spec, inv, ctx);
  const command = value(call.p, '-c', '--command');
  const remote =
    (inv.name === 'eb' && call.verb === 'ssh') || (inv.name === 'copilot' && call.verb === 'exec');
  if (remote && command !== undefined && !call.help) {
    const where = [...call.names, ...call.targets].join(' ');
    ctx.script(command, `${inv.name} ${call.cmd.join(' ')} ${where}`.trim(), {
      env: call.env,
      remote: true,
    });
  }
  return [judgePath(spec, call, ctx)];
}
