/**
 * Application platforms: Fly.io (`fly`, `flyctl`), Vercel, Heroku, Netlify, Railway and Render.
 * Destroying an app is destroying a whole service (catastrophic); volumes, machines, deployments
 * and domains are high; scaling to zero and maintenance mode take the service down; commands run on
 * the platform (`heroku run`, `fly ssh console -C`) are analysed on the far side, and `railway run`
 * locally.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext, Word } from '../model.js';
import { value } from '../args.js';
import { sqlDestruction } from './cloud-common.js';
import { parsePath, type PathCall, type PathSpec } from './cloud-other-path.js';
import { judgePath, pathAction } from './cloud-other-judge.js';

const toZero = (c: PathCall): boolean => c.names.some((n) => n === '0' || n.endsWith('=0'));
const DATASTORE = /postgres|(^|[-_])pg([-_]|$)|database|mysql|redis|mongo|DATABASE/i;

export const FLY: PathSpec = {
  tool: 'fly',
  // prettier-ignore
  value: [
    '-a', '--app', '-c', '--config', '-o', '--org', '-r', '--region', '--image', '-i', '-C',
    '--command', '--vm-size', '--volume', '--name', '-n', '--size', '--env', '-e', '--strategy',
    '--dockerfile', '--build-arg', '--machine', '--process-group', '--signal', '-s', '--count',
    '--snapshot-id',
  ],
  scope: ['-a', '--app', '-c', '--config', '-o', '--org'],
  rules: [
    {
      path: '^destroy',
      risk: 'catastrophic',
      rule: 'delete-app',
      reason: 'destroys the whole app: machines, volumes, IPs and secrets',
    },
    {
      path: 'mpg|postgres destroy|delete',
      risk: 'catastrophic',
      rule: 'delete-database',
      reason: 'destroys a managed Postgres cluster',
    },
    {
      path: 'machine|machines restart',
      risk: 'low',
      rule: 'restart',
      reason: 'restarts app machines',
    },
    {
      path: 'scale',
      risk: 'high',
      rule: 'scale-to-zero',
      reason: 'scales the app to zero machines: it stops serving',
      when: (c) => c.names[0] === 'count' && toZero(c),
    },
  ],
};

export const VERCEL: PathSpec = {
  tool: 'vercel',
  // prettier-ignore
  value: [
    '--token', '-t', '--scope', '-S', '--cwd', '--env', '-e', '--build-env', '-b', '--meta', '-m',
    '--regions', '--target', '--name', '-A', '--local-config', '-Q', '--global-config', '--team',
    '-T',
  ],
  scope: ['--scope', '-S', '--team', '-T', '--target'],
  rules: [
    {
      path: 'env rm|remove',
      risk: 'high',
      rule: 'env-rm',
      reason: 'deletes a production environment variable',
      when: (c) => c.names.includes('production'),
    },
    {
      path: 'env rm|remove',
      risk: 'low',
      rule: 'env-rm',
      reason: 'deletes a preview or development environment variable',
    },
  ],
};

export const HEROKU: PathSpec = {
  tool: 'heroku',
  colon: true,
  // prettier-ignore
  value: [
    '-a', '--app', '-r', '--remote', '--confirm', '-c', '--command', '--team', '-t', '--space',
    '--size', '--type', '--region', '--stack', '--dyno', '-e', '--env', '--as', '--at',
    '--wait-interval',
  ],
  scope: ['-a', '--app', '-r', '--remote', '--confirm'],
  rules: [
    {
      path: '^destroy',
      risk: 'catastrophic',
      rule: 'delete-app',
      reason: 'destroys the whole app, its add-ons and their data',
    },
    {
      path: 'pg reset',
      risk: 'prod',
      rule: 'pg-reset',
      reason: 'erases every table of the Postgres database',
    },
    {
      path: 'pg backups restore',
      risk: 'prod',
      rule: 'pg-restore',
      reason: 'overwrites the database with a backup',
    },
    {
      path: 'pg copy',
      risk: 'prod',
      rule: 'pg-restore',
      reason: 'overwrites the target database with another one',
    },
    {
      path: 'addons destroy|remove|detach',
      risk: 'prod',
      rule: 'delete-database',
      reason: 'destroys a data add-on and its data',
      when: (c) => c.names.some((n) => DATASTORE.test(n)),
    },
    {
      path: 'ps scale|scale',
      risk: 'high',
      rule: 'scale-to-zero',
      reason: 'scales dynos to zero: the app stops serving',
      when: toZero,
    },
    {
      path: 'maintenance on',
      risk: 'high',
      rule: 'maintenance',
      reason: 'puts the app in maintenance mode: users get an error page',
    },
    {
      path: 'spaces destroy',
      risk: 'catastrophic',
      rule: 'delete-space',
      reason: 'destroys a private space and every app in it',
    },
    {
      path: 'container release',
      risk: 'low',
      rule: 'write',
      reason: 'releases a container image (a deploy)',
    },
    {
      path: 'cache purge',
      risk: 'low',
      rule: 'write',
      reason: 'purges the build cache (regenerable)',
    },
    {
      path: 'pg kill|killall',
      risk: 'low',
      rule: 'write',
      reason: 'cancels queries or connections',
    },
  ],
};

export const NETLIFY: PathSpec = {
  tool: 'netlify',
  colon: true,
  // prettier-ignore
  value: [
    '--site', '-s', '--auth', '--dir', '-d', '--functions', '-f', '--message', '-m', '--alias',
    '--context', '--filter', '--name', '-n', '--account-slug', '--data', '--scope',
  ],
  scope: ['--site', '-s', '--context', '--alias', '--name'],
};

export const RAILWAY: PathSpec = {
  tool: 'railway',
  value: ['-s', '--service', '-e', '--environment', '-p', '--project', '--set', '-v', '--volume'],
  scope: ['-s', '--service', '-e', '--environment', '-p', '--project'],
  rules: [
    {
      path: '^delete',
      risk: 'catastrophic',
      rule: 'delete-project',
      reason: 'deletes the whole project with its services and volumes',
    },
  ],
};

export const RENDER: PathSpec = {
  tool: 'render',
  value: ['-o', '--output', '-r', '--resources', '--service-id', '--workspace'],
  scope: ['--service-id', '--workspace'],
};

/** `railway run [-s svc] [--] cmd ...`: the command after `run` and railway's own options. */
function railwayRunWords(inv: Invocation): Word[] {
  const words = inv.words;
  let i = words.findIndex((w) => w.text === 'run');
  if (i < 0) return [];
  for (i++; i < words.length; i++) {
    const t = words[i]?.text ?? '';
    if (t === '--') return words.slice(i + 1);
    if (!t.startsWith('-')) break;
    if (RAILWAY.value.includes(t)) i++;
  }
  return words.slice(i);
}

/** Judge a platform CLI invocation (fly, flyctl, vercel, heroku, netlify, railway, render). */
export function analyzePaas(inv: Invocation, ctx: ToolContext, spec: PathSpec): Action[] {
  const call = parsePath(spec, inv, ctx);
  if (call.help) return [judgePath(spec, call, ctx)];
  const where = call.targets.join(' ');
  if (spec === FLY && (call.cmd.includes('ssh') || call.verb === 'console')) {
    const command = value(call.p, '-C', '--command');
    if (command !== undefined)
      ctx.script(command, `fly ssh console ${where}`.trim(), { env: call.env, remote: true });
  }
  if (spec === HEROKU && call.cmd[0] === 'run' && call.names.length > 0) {
    ctx.script(call.names.join(' '), `heroku run ${where}`.trim(), { env: call.env, remote: true });
  }
  if (spec === HEROKU && call.cmd.join(' ') === 'pg psql') {
    const sql = sqlDestruction(value(call.p, '-c', '--command') ?? '');
    if (sql)
      return [
        pathAction(
          spec,
          call,
          ctx,
          sql.risk,
          'sql',
          `runs ${sql.what} on the app database`,
          'delete',
        ),
      ];
  }
  if (spec === RAILWAY && call.verb === 'run') {
    const words = railwayRunWords(inv);
    if (words.length > 0) ctx.argv(words, 'railway run', { env: call.env });
  }
  return [judgePath(spec, call, ctx)];
}
