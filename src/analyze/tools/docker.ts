/**
 * Tool model: containers (docker, podman, nerdctl, compose, buildah, skopeo). Management commands are
 * normalised (`docker container rm` = `docker rm`, `docker image rm` = `docker rmi`) and judged in
 * `docker-manage.ts`; run/exec payloads in `docker-run.ts`; compose in `docker-compose.ts`. Environment comes
 * from `--context`, `-H`, DOCKER_HOST/DOCKER_CONTEXT, container and project names and the working directory.
 */
import { defineTool, type Invocation, type ToolContext, type Word } from '../model.js';
import type { Action } from '../types.js';
import { hasOpt, optValue, scan } from './docker-args.js';
import { analyzeCompose } from './docker-compose.js';
import { containerLifecycle, storage, type DockerCall } from './docker-manage.js';
import { swarm } from './docker-swarm.js';
import { execContainer, runContainer } from './docker-run.js';
import { DESTRUCTIVE_VERBS, splitAtDashDash, wordList } from './k8s-common.js';

const GLOBAL_VALUE = new Set(
  wordList(`
  -H --host -c --context --config -l --log-level --tlscacert --tlscert --tlskey --connection
  --url --identity --root --runroot --storage-driver --storage-opt --cgroup-manager
  --events-backend --network-cmd-path --runtime --tmpdir --module --out --ssh --imagestore
  --volumepath --db-backend -n --namespace -a --address --snapshotter --cni-path --data-root
  --host-gateway-ip --hosts-dir --insecure-registry --conmon --hooks-dir --network-config-dir
  --runtime-flag
`),
);

// Management groups whose second word is the verb (`docker volume rm`).
const GROUPS = new Set(
  wordList(`
  container image volume network system builder buildx pod machine kube play swarm service stack
  node secret config context plugin manifest trust checkpoint generate artifact farm healthcheck
  scout model
`),
);
const SYNONYMS: Readonly<Record<string, string>> = {
  remove: 'rm',
  delete: 'rm',
  list: 'ls',
  destroy: 'rm',
};
const READS = new Set(
  wordList(`
  ps logs inspect images stats top port diff events info version history search help ls df du
  show exists wait attach mount generate healthcheck
`),
);
const LIFECYCLE = new Set(['rm', 'kill', 'stop', 'pod rm', 'pod kill', 'pod stop']);
const STORAGE = new Set([
  'volume rm',
  'volume prune',
  'volume reset',
  'system prune',
  'system reset',
  'container prune',
  'image prune',
  'network prune',
  'builder prune',
  'buildx prune',
  'pod prune',
  'image rm',
  'rmi',
  'network rm',
  'buildx rm',
  'builder rm',
]);
const SWARM = new Set(['swarm', 'service', 'stack', 'node', 'secret', 'config']);

/** `container rm` → `rm`, `image rm` → `rmi`, `volume remove` → `volume rm`; words after it. */
function normalise(first: string, rest: readonly Word[]): { cmd: string; words: readonly Word[] } {
  if (!GROUPS.has(first)) return { cmd: first, words: rest };
  const raw = rest.find((w) => !w.text.startsWith('-'));
  const verb = raw ? (SYNONYMS[raw.text] ?? raw.text) : '';
  const words = raw ? rest.filter((w) => w !== raw) : rest;
  if (first === 'container' && ['rm', 'kill', 'stop', 'run', 'create', 'exec'].includes(verb))
    return { cmd: verb, words };
  if (first === 'container' && verb === 'ls') return { cmd: 'ps', words };
  if (first === 'image' && verb === 'rm') return { cmd: 'rmi', words };
  return { cmd: `${first} ${verb}`.trim(), words };
}

function analyzeEngine(inv: Invocation, ctx: ToolContext): Action[] {
  const g = scan(inv.words, GLOBAL_VALUE, true);
  const first = g.positionals[0]?.text ?? '';
  const env = ctx.envOf(
    optValue(g, '-c', '--context', '--connection'),
    optValue(g, '-H', '--host', '--url'),
  );
  const read = (verb: string, reason: string): Action[] => [
    ctx.action({
      tool: inv.name,
      verb,
      effect: 'read',
      risk: 'none',
      rule: 'docker/read',
      env,
      reasons: [reason],
    }),
  ];
  if (first === '' || hasOpt(g, '--help', '-h', '-v', '--version'))
    return read(first || 'help', 'prints help or version');
  if (first === 'compose') return analyzeCompose(inv, g.after, ctx);
  const { cmd, words } = normalise(first, g.after);
  const before = splitAtDashDash(words).head;
  const runLike = cmd === 'run' || cmd === 'create' || cmd === 'exec';
  if (!runLike && before.some((w) => w.text === '--help')) return read(cmd, 'prints help');
  if (!runLike && before.some((w) => w.text === '--dry-run')) return read(cmd, 'dry run');
  const call: DockerCall = { tool: inv.name, cmd, words, env, ctx };
  if (cmd === 'run' || cmd === 'create') return runContainer(inv, words, ctx, cmd);
  if (cmd === 'exec') return execContainer(inv, words, ctx, `${inv.name} exec`);
  if (LIFECYCLE.has(cmd)) return [containerLifecycle(call)];
  if (STORAGE.has(cmd)) {
    if (cmd === 'rmi' || cmd === 'image rm') {
      return [
        ctx.action({
          tool: inv.name,
          verb: 'rmi',
          effect: 'delete',
          risk: 'low',
          rule: 'docker/rmi',
          targets: words.map((w) => w.text),
          env,
          reasons: ['images are rebuilt or re-pulled'],
        }),
      ];
    }
    return [storage(call)];
  }
  const group = cmd.split(' ')[0] ?? '';
  if (SWARM.has(group)) return [swarm(call)];
  if (cmd === 'unshare') {
    // Runs on this host, inside a user namespace: the payload is judged as a local command.
    const payload =
      splitAtDashDash(words).payload ?? words.filter((w, i) => i > 0 || !w.text.startsWith('-'));
    if (payload.length > 0) ctx.argv(payload, `${inv.name} unshare`, { env });
    return [
      ctx.action({
        tool: inv.name,
        verb: 'unshare',
        effect: 'exec',
        risk: 'none',
        rule: 'docker/exec',
        env,
        reasons: ['runs a command in a user namespace'],
      }),
    ];
  }
  if (cmd === 'machine rm' || cmd === 'machine reset') {
    return [
      ctx.action({
        tool: inv.name,
        verb: cmd,
        effect: 'destroy',
        risk: 'high',
        rule: 'docker/machine-rm',
        env,
        targets: words.map((w) => w.text),
        reasons: ['deletes the VM with every container and volume in it'],
      }),
    ];
  }
  if ((cmd === 'kube down' || cmd === 'play kube') && words.some((w) => w.text === '--force')) {
    return [
      ctx.action({
        tool: inv.name,
        verb: `${cmd} --force`,
        effect: 'delete',
        risk: 'high',
        rule: 'docker/compose-down-volumes',
        env,
        reasons: ['also deletes the volumes'],
      }),
    ];
  }
  const verb = cmd.split(' ').pop() ?? cmd;
  if (READS.has(verb) || READS.has(cmd)) return read(cmd, 'read-only');
  const destructive =
    DESTRUCTIVE_VERBS.has(verb) &&
    !['context', 'plugin', 'manifest', 'network', 'trust'].includes(group);
  return [
    ctx.action({
      tool: inv.name,
      verb: cmd,
      effect: destructive ? 'delete' : 'write',
      risk: destructive ? 'high' : 'low',
      rule: destructive ? 'docker/delete' : 'docker/write',
      targets: words.filter((w) => !w.text.startsWith('-')).map((w) => w.text),
      env,
      reasons: [
        destructive
          ? `${cmd} sounds destructive and is not otherwise known`
          : `${cmd}: a local, reversible change`,
      ],
    }),
  ];
}

/** buildah: working containers are scratch; `run` payloads run inside, `unshare` payloads on the host. */
function analyzeBuildah(inv: Invocation, ctx: ToolContext): Action[] {
  const first = inv.words.findIndex((w) => !w.text.startsWith('-'));
  const cmd = inv.words[first]?.text ?? '';
  const rest = inv.words.slice(first + 1);
  if (cmd === 'run') {
    const { payload } = splitAtDashDash(rest);
    const container = rest.find((w) => !w.text.startsWith('-'));
    const cmdWords = payload ?? rest.slice(rest.findIndex((w) => w === container) + 1);
    if (cmdWords.length > 0)
      ctx.argv(cmdWords, `buildah run ${container?.text ?? ''}`, { remote: true, cwd: '/' });
  } else if (cmd === 'unshare') {
    const payload = splitAtDashDash(rest).payload ?? rest;
    if (payload.length > 0) ctx.argv(payload, 'buildah unshare');
  }
  const reads = new Set(['containers', 'images', 'inspect', 'info', 'version', 'help', '']);
  return [
    ctx.action({
      tool: 'buildah',
      verb: cmd || 'help',
      effect: reads.has(cmd) ? 'read' : 'write',
      risk: reads.has(cmd) ? 'none' : 'low',
      rule: reads.has(cmd) ? 'docker/read' : 'docker/build',
      reasons: ['build containers and images are regenerable'],
    }),
  ];
}

/** skopeo: `delete` removes an image from a remote registry; everything else copies or reads. */
function analyzeSkopeo(inv: Invocation, ctx: ToolContext): Action[] {
  const positionals = inv.args.filter((a) => !a.startsWith('-'));
  const cmd = positionals[0] ?? '';
  const targets = positionals.slice(1);
  const env = ctx.envOf(...targets);
  if (cmd === 'delete' && !inv.args.includes('--help')) {
    return [
      ctx.action({
        tool: 'skopeo',
        verb: 'delete',
        effect: 'delete',
        risk: 'high',
        rule: 'docker/registry-delete',
        targets,
        env,
        reasons: ['deletes an image from the registry: deployments that pull it break'],
      }),
    ];
  }
  const writes = cmd === 'copy' || cmd === 'sync';
  return [
    ctx.action({
      tool: 'skopeo',
      verb: cmd,
      effect: writes ? 'write' : 'read',
      risk: writes ? 'low' : 'none',
      rule: writes ? 'docker/write' : 'docker/read',
      targets,
      env,
    }),
  ];
}

export const dockerModel = defineTool({
  family: 'docker',
  commands: [
    'docker',
    'podman',
    'nerdctl',
    'docker-compose',
    'podman-compose',
    'buildah',
    'skopeo',
    'lazydocker',
  ],
  analyze(inv, ctx) {
    switch (inv.name) {
      case 'docker-compose':
      case 'podman-compose':
        return analyzeCompose(inv, inv.words, ctx);
      case 'buildah':
        return analyzeBuildah(inv, ctx);
      case 'skopeo':
        return analyzeSkopeo(inv, ctx);
      case 'lazydocker':
        return [
          ctx.action({
            tool: 'lazydocker',
            verb: 'ui',
            effect: 'read',
            risk: 'none',
            rule: 'docker/read',
            reasons: ['an interactive UI'],
          }),
        ];
      default:
        return analyzeEngine(inv, ctx);
    }
  },
});
