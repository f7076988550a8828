/**
 * Container, volume, system and swarm management sub-commands of docker/podman/nerdctl. Images, networks and
 * build caches are regenerable; volumes hold data; removing or killing every container (or a production one,
 * or a database) is an outage or lost state.
 */
import type { ToolContext, Word } from '../model.js';
import type { Action, Effect, Env, Risk } from '../types.js';
import { hasOpt, looksLikeCache, looksStateful, optValue, scan } from './docker-args.js';
import { wordList } from './k8s-common.js';

/** What a management handler needs to know about the invocation. */
export interface DockerCall {
  tool: string;
  /** Normalised command: `rm`, `kill`, `volume rm`, `system prune` ... */
  cmd: string;
  /** Words after the command. */
  words: readonly Word[];
  env: Env;
  ctx: ToolContext;
}

/** Options of management sub-commands that take a value. */
export const VALUE = new Set(
  wordList(`
  -t --time --timeout -s --signal --filter -f --format --until --replicas --availability --role
  --label-add --label-rm --detach-keys
`),
);

/** An action of one management call. */
export function act(
  c: DockerCall,
  verb: string,
  effect: Effect,
  risk: Risk,
  rule: string,
  targets: readonly string[],
  reason: string,
): Action {
  return c.ctx.action({
    tool: c.tool,
    verb,
    effect,
    risk,
    rule,
    targets,
    env: c.env,
    reasons: [reason],
  });
}

type Row = readonly [effect: Effect, risk: Risk, rule: string, reason: string];

// Signals that ask a process to reload or rotate logs: nothing stops.
const GENTLE_SIGNALS = new Set(['HUP', 'USR1', 'USR2', 'WINCH', '1', '10', '12']);

/** `rm` / `kill` / `stop` of containers or podman pods. */
export function containerLifecycle(c: DockerCall): Action {
  // `-f` means --force for rm but --filter/--format elsewhere; rm never takes a value there.
  const takes = c.cmd.endsWith('rm')
    ? new Set(['-t', '--time', '--timeout', '--filter', '--depend'])
    : VALUE;
  const s = scan(c.words, takes);
  const names = s.positionals.map((w) => w.text);
  // podman's `--all`: every container (or pod) on the machine.
  const all = hasOpt(s, '-a', '--all');
  const dynamic = s.positionals.some((w) => w.dynamic) || all;
  const env = c.env === 'unknown' ? c.ctx.envOf(...names) : c.env;
  const stateful = names.filter((n) => looksStateful(n));
  const verb = c.cmd;
  const [effect, risk, rule, reason] = verb.endsWith('rm')
    ? removeRow(s, all, dynamic, stateful, env)
    : stopRow(verb, optValue(s, '-s', '--signal'), dynamic, stateful, env);
  const targets = dynamic && names.length === 0 ? ['--all'] : names;
  return act(c, verb, effect, risk, rule, targets, reason);
}

function removeRow(
  s: ReturnType<typeof scan>,
  all: boolean,
  dynamic: boolean,
  stateful: readonly string[],
  env: Env,
): Row {
  // `docker rm $(docker ps -aq -f status=exited)`: only stopped containers, the same as `container prune`.
  const stoppedOnly =
    !all &&
    s.positionals.length > 0 &&
    s.positionals.every((w) => w.dynamic && /status=(exited|created|dead)/.test(w.text));
  const volumes = hasOpt(s, '-v', '--volumes');
  if (stoppedOnly && !volumes)
    return ['delete', 'low', 'docker/prune', 'removes stopped containers'];
  if (dynamic) {
    return ['destroy', 'high', 'docker/rm-all', 'removes every container given, running ones too'];
  }
  if (volumes) {
    return [
      'delete',
      'high',
      'docker/rm-volumes',
      'also deletes the anonymous volumes: their data',
    ];
  }
  if (stateful.length > 0) {
    return [
      'destroy',
      'high',
      'docker/rm-stateful',
      `removes ${stateful.join(', ')}, which holds data`,
    ];
  }
  if (env === 'prod')
    return ['destroy', 'high', 'docker/rm-prod', 'removes a production container'];
  return ['delete', 'low', 'docker/rm', 'removes a container; its image and volumes remain'];
}

function stopRow(
  verb: string,
  signal: string | undefined,
  dynamic: boolean,
  stateful: readonly string[],
  env: Env,
): Row {
  const sig = (signal ?? '').toUpperCase().replace(/^SIG/, '');
  if (verb.endsWith('kill') && GENTLE_SIGNALS.has(sig)) {
    return ['write', 'low', 'docker/signal', `sends ${sig}: a reload, not a stop`];
  }
  if (dynamic) return ['destroy', 'high', 'docker/stop-all', `${verb}: every selected container`];
  if (env === 'prod') {
    return ['destroy', 'high', 'docker/stop-prod', `${verb} takes a production container down`];
  }
  if (verb.endsWith('kill') && stateful.length > 0) {
    return ['destroy', 'high', 'docker/kill-stateful', `kills ${stateful.join(', ')} uncleanly`];
  }
  return ['write', 'low', 'docker/stop', 'stops a container; start brings it back'];
}

/** `volume rm|prune`, `system prune|reset`, `container|image|network|builder prune`. */
export function storage(c: DockerCall): Action {
  const s = scan(c.words, VALUE);
  const names = s.positionals.map((w) => w.text);
  switch (c.cmd) {
    case 'volume rm': {
      const caches =
        names.length > 0 &&
        !s.positionals.some((w) => w.dynamic) &&
        names.every((n) => looksLikeCache(n));
      return caches
        ? act(
            c,
            c.cmd,
            'delete',
            'low',
            'docker/volume-rm-cache',
            names,
            'the volumes only hold caches',
          )
        : act(
            c,
            c.cmd,
            'delete',
            'high',
            'docker/volume-rm',
            names,
            'deletes container volumes: persistent data',
          );
    }
    case 'volume prune':
      return act(
        c,
        c.cmd,
        'delete',
        'high',
        'docker/volume-prune',
        [],
        'deletes every unused volume: persistent data',
      );
    case 'volume reset':
      return act(c, c.cmd, 'delete', 'high', 'docker/volume-rm', names, 'empties the volume');
    case 'system prune':
      return hasOpt(s, '--volumes')
        ? act(
            c,
            'system prune --volumes',
            'delete',
            'high',
            'docker/system-prune-volumes',
            [],
            'also deletes unused volumes: persistent data',
          )
        : act(
            c,
            c.cmd,
            'delete',
            'low',
            'docker/prune',
            [],
            'removes stopped containers, unused images, networks and build cache: regenerable',
          );
    case 'system reset':
      return act(
        c,
        c.cmd,
        'destroy',
        'high',
        'docker/system-reset',
        [],
        'deletes every container, image, volume and network',
      );
    default:
      return act(
        c,
        c.cmd,
        'delete',
        'low',
        'docker/prune',
        names,
        'regenerable images, stopped containers, networks or build cache',
      );
  }
}
