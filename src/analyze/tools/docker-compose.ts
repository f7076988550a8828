/**
 * Compose (`docker compose`, `docker-compose`, `podman-compose`, `nerdctl compose`). `down` removes
 * containers and networks, which `up` recreates; `down -v` also deletes the named volumes, which hold the
 * data. In a production project even a plain `down` or `stop` is an outage.
 */
import type { Invocation, ToolContext, Word } from '../model.js';
import type { Action } from '../types.js';
import { hasOpt, optValue, optValues, scan } from './docker-args.js';
import { execContainer, runContainer } from './docker-run.js';
import { wordList } from './k8s-common.js';

const GLOBAL_VALUE = new Set(
  wordList(`
  -f --file -p --project-name --project-directory --env-file --profile --ansi --progress
  --parallel --podman-path --podman-args --podman-run-args -H --host -c --context --log-level
`),
);
const SUB_VALUE = new Set([
  '-t',
  '--timeout',
  '--rmi',
  '--index',
  '--scale',
  '--wait-timeout',
  '--pull',
  '--signal',
]);

const READS = new Set(
  wordList(`
  ps logs config convert ls images top events port version help stats wait watch alpha ps-all
  viz
`),
);

/** Analyse compose `words` (after `compose` or the program name). */
export function analyzeCompose(
  inv: Invocation,
  words: readonly Word[],
  ctx: ToolContext,
): Action[] {
  const g = scan(words, GLOBAL_VALUE, true);
  const sub = g.positionals[0]?.text ?? '';
  const files = optValues(g, '-f', '--file');
  const project = optValue(g, '-p', '--project-name');
  const env = ctx.envOf(
    project,
    optValue(g, '--project-directory'),
    optValue(g, '-c', '--context'),
    optValue(g, '-H', '--host'),
    ...files,
    ...optValues(g, '--env-file', '--profile'),
  );
  const rest = g.after;
  const s = scan(rest, SUB_VALUE);
  const services = s.positionals.map((w) => w.text);
  const targets = [...(project ? [project] : []), ...files, ...services];
  const act = (
    verb: string,
    effect: Action['effect'],
    risk: Action['risk'],
    rule: string,
    reason: string,
  ): Action =>
    ctx.action({
      tool: 'docker compose',
      verb,
      effect,
      risk,
      rule,
      targets,
      env,
      reasons: [reason],
    });
  if (
    sub === '' ||
    hasOpt(g, '--help', '-h') ||
    hasOpt(s, '--help') ||
    READS.has(sub) ||
    hasOpt(s, '--dry-run') ||
    hasOpt(g, '--dry-run')
  ) {
    return [act(sub || 'help', 'read', 'none', 'docker/read', 'read-only')];
  }
  const prod = env === 'prod';
  switch (sub) {
    case 'down':
      if (hasOpt(s, '-v', '--volumes')) {
        return [
          act(
            'down -v',
            'delete',
            'high',
            'docker/compose-down-volumes',
            'deletes the named volumes of the project: its data',
          ),
        ];
      }
      return prod
        ? [
            act(
              'down',
              'destroy',
              'high',
              'docker/compose-down-prod',
              'takes a production service down',
            ),
          ]
        : [
            act(
              'down',
              'delete',
              'low',
              'docker/compose-down',
              'removes containers and networks; volumes are kept',
            ),
          ];
    case 'rm':
      if (hasOpt(s, '-v', '--volumes')) {
        return [
          act(
            'rm -v',
            'delete',
            'high',
            'docker/compose-rm-volumes',
            'deletes the anonymous volumes of the containers',
          ),
        ];
      }
      return prod && hasOpt(s, '-s', '--stop')
        ? [
            act(
              'rm --stop',
              'destroy',
              'high',
              'docker/compose-down-prod',
              'stops and removes production containers',
            ),
          ]
        : [act('rm', 'delete', 'low', 'docker/compose-down', 'removes stopped containers')];
    case 'stop':
    case 'kill':
    case 'pause':
      return prod
        ? [
            act(
              sub,
              'destroy',
              'high',
              'docker/compose-down-prod',
              `${sub} takes a production service down`,
            ),
          ]
        : [
            act(
              sub,
              'write',
              'low',
              'docker/compose-stop',
              'stops containers; start brings them back',
            ),
          ];
    case 'up':
    case 'create':
      if (hasOpt(s, '-V', '--renew-anon-volumes')) {
        return [
          act(
            `${sub} -V`,
            'delete',
            'high',
            'docker/compose-renew-volumes',
            'recreates anonymous volumes: their data is lost',
          ),
        ];
      }
      return [act(sub, 'write', 'low', 'docker/compose-up', 'starts the project')];
    case 'exec':
      return execContainer(inv, rest, ctx, 'docker compose exec');
    case 'run':
      return runContainer(inv, rest, ctx, 'run');
    default:
      return [
        act(
          sub,
          'write',
          'low',
          'docker/compose-write',
          `${sub}: a reversible change to the project`,
        ),
      ];
  }
}
