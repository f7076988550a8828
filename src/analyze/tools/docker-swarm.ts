/**
 * Swarm management: services, stacks, nodes, secrets. Removing a service or stack takes it down; a node
 * leaving (or being removed from) the swarm takes its tasks, and a manager its share of the raft state.
 */
import type { Action } from '../types.js';
import { optValue, scan } from './docker-args.js';
import { act, VALUE, type DockerCall } from './docker-manage.js';

/** swarm, service, stack, node, secret, config. */
export function swarm(c: DockerCall): Action {
  const s = scan(c.words, VALUE);
  const names = s.positionals.map((w) => w.text);
  const env = c.env === 'unknown' ? c.ctx.envOf(...names) : c.env;
  switch (c.cmd) {
    case 'swarm leave':
      return act(
        c,
        c.cmd,
        'destroy',
        'high',
        'docker/swarm-leave',
        [],
        'the node leaves the swarm (on a manager, with the swarm state)',
      );
    case 'service rm':
    case 'service remove':
      return act(
        c,
        c.cmd,
        'delete',
        'high',
        'docker/service-rm',
        names,
        'removes a running service',
      );
    case 'service scale': {
      const zero = names.some((n) => n.endsWith('=0'));
      return zero
        ? act(
            c,
            c.cmd,
            'destroy',
            'high',
            'docker/scale-zero',
            names,
            'scales a service to zero: an outage',
          )
        : act(c, c.cmd, 'write', 'low', 'docker/write', names, 'scales a service');
    }
    case 'stack rm':
    case 'stack remove':
    case 'stack down':
      return act(
        c,
        c.cmd,
        'delete',
        env === 'prod' ? 'catastrophic' : 'high',
        'docker/stack-rm',
        names,
        'removes every service of the stack',
      );
    case 'node rm':
    case 'node remove':
      return act(
        c,
        c.cmd,
        'delete',
        'high',
        'docker/node-rm',
        names,
        'removes a node from the swarm',
      );
    case 'node update':
      return optValue(s, '--availability') === 'drain'
        ? act(
            c,
            'node update --availability drain',
            'destroy',
            'high',
            'docker/drain',
            names,
            'moves every task off the node',
          )
        : act(c, c.cmd, 'write', 'low', 'docker/write', names, 'updates node settings');
    case 'secret rm':
    case 'config rm':
      return act(
        c,
        c.cmd,
        'delete',
        'high',
        'docker/secret-rm',
        names,
        'deletes a swarm secret or config; services that use it break',
      );
    default: {
      const [, verb = ''] = c.cmd.split(' ');
      const read = ['ls', 'ps', 'inspect', 'logs', 'list'].includes(verb);
      return read
        ? act(c, c.cmd, 'read', 'none', 'docker/read', names, 'read-only')
        : act(c, c.cmd, 'write', 'low', 'docker/write', names, 'a reversible swarm change');
    }
  }
}
