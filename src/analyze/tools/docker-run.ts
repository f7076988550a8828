/**
 * `docker run` / `docker exec` (and podman, nerdctl, compose run/exec): the command after the image or
 * container runs inside it and is judged by the engine. What the container can reach matters too: a delete
 * under the mount point of a named volume deletes that volume's data, one under a bind mount deletes host
 * files, and the host's root file system mounted read-write hands the payload the whole machine.
 */
import type { Invocation, ToolContext, Word } from '../model.js';
import type { Action } from '../types.js';
import {
  hasOpt,
  isRegenerablePath,
  looksStateful,
  optValue,
  optValues,
  scan,
} from './docker-args.js';
import { mountedDeletes, mountsOf } from './docker-mounts.js';
import { codeFromStdin, wordList } from './k8s-common.js';

/** Options of `run` / `create` that take a value (docker, podman, nerdctl). */
const RUN_VALUE = new Set(
  wordList(`
  -a --attach --add-host --annotation --blkio-weight --blkio-weight-device --cap-add --cap-drop
  --cgroup-parent --cgroupns --cidfile --cpu-period --cpu-quota --cpu-rt-period --cpu-rt-runtime
  -c --cpu-shares --cpus --cpuset-cpus --cpuset-mems --detach-keys --device --device-cgroup-rule
  --device-read-bps --device-read-iops --device-write-bps --device-write-iops --dns --dns-option
  --dns-search --domainname --entrypoint -e --env --env-file --expose --gpus --group-add
  --health-cmd --health-interval --health-retries --health-start-interval --health-start-period
  --health-timeout -h --hostname --ip --ip6 --ipc --isolation --kernel-memory -l --label
  --label-file --link --link-local-ip --log-driver --log-opt --mac-address -m --memory
  --memory-reservation --memory-swap --memory-swappiness --mount --name --network --net
  --network-alias --oom-score-adj --pid --pids-limit --platform -p --publish --pull --restart
  --runtime --security-opt --shm-size --stop-signal --stop-timeout --storage-opt --sysctl
  --tmpfs --ulimit -u --user --userns --uts -v --volume --volume-driver --volumes-from -w
  --workdir --pod --secret --arch --os --variant --uidmap --gidmap --requires --sdnotify
  --seccomp-policy --cgroup-conf --cgroups --pidfile --preserve-fds --retry --retry-delay
  --timeout --tz --umask --unsetenv --passwd-entry --decryption-key --creds --init-path
  --hooks-dir --personality --image-volume --chrootdirs --conmon-pidfile --subuidname
  --subgidname --rdt-class --log-level --index --service-ports
`),
);

/** Options of `exec` that take a value. */
const EXEC_VALUE = new Set(
  wordList(`
  -e --env --env-file -u --user -w --workdir --detach-keys --index --preserve-fds
`),
);

// Images whose ENTRYPOINT is the tool itself: `docker run hashicorp/terraform destroy` runs `terraform destroy`.
const ENTRYPOINTS: Readonly<Record<string, string>> = {
  migrate: 'migrate',
  flyway: 'flyway',
  liquibase: 'liquibase',
  terraform: 'terraform',
  opentofu: 'tofu',
  kubectl: 'kubectl',
  helm: 'helm',
  'aws-cli': 'aws',
  mc: 'mc',
  rclone: 'rclone',
  restic: 'restic',
  packer: 'packer',
  vault: 'vault',
  consul: 'consul',
  nomad: 'nomad',
  'flux-cli': 'flux',
  velero: 'velero',
  curl: 'curl',
  git: 'git',
};
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** The program an image runs as its entrypoint, for images that wrap one CLI. */
function entrypointTool(image: string): string | undefined {
  const repo = image.split('@')[0] ?? image;
  const last = repo.split('/').pop() ?? repo;
  return ENTRYPOINTS[last.split(':')[0] ?? last];
}

function helpAction(inv: Invocation, ctx: ToolContext, verb: string): Action {
  return ctx.action({
    tool: inv.name,
    verb,
    effect: 'read',
    risk: 'none',
    rule: 'docker/read',
    reasons: ['prints help'],
  });
}

/** `run` / `create`: judge host exposure and the payload, then what the payload deletes through mounts. */
export function runContainer(
  inv: Invocation,
  words: readonly Word[],
  ctx: ToolContext,
  verb: string,
): Action[] {
  const s = scan(words, RUN_VALUE, true);
  const image = s.positionals[0]?.text ?? '';
  if (hasOpt(s, '--help') || image === '') return [helpAction(inv, ctx, verb)];
  const entrypoint = optValue(s, '--entrypoint');
  const payload: Word[] = [
    ...(entrypoint ? [{ text: entrypoint, dynamic: false }] : []),
    ...s.after,
  ];
  const tool = entrypoint ? undefined : entrypointTool(image);
  const first = payload[0]?.text ?? '';
  if (tool && first !== tool && first !== '' && !SHELLS.has(first) && !first.startsWith('/')) {
    payload.unshift({ text: tool, dynamic: false });
  }
  const env = ctx.envOf(optValue(s, '--name'), ...optValues(s, '-e', '--env', '-l', '--label'));
  const mounts = mountsOf(optValues(s, '-v', '--volume'), optValues(s, '--mount'));
  const actions: Action[] = [];
  const hostRoot = mounts.find(
    (m) => m.kind === 'bind' && !m.readOnly && (m.source === '/' || m.source === '/.'),
  );
  const privileged = hasOpt(s, '--privileged');
  const hostPid = optValue(s, '--pid') === 'host';
  if (hostRoot || (privileged && hostPid)) {
    actions.push(
      ctx.action({
        tool: inv.name,
        verb: `${verb} ${hostRoot ? `-v /:${hostRoot.target}` : '--privileged --pid=host'}`,
        effect: 'exec',
        risk: 'high',
        rule: 'docker/host-root',
        targets: [image],
        env,
        reasons: [
          'the container gets the host root file system (or its processes) read-write: root on the machine',
        ],
      }),
    );
  }
  if (verb === 'run' && payload.length > 0) {
    const workdir = optValue(s, '-w', '--workdir') ?? '/';
    const hop = `${inv.name} run ${image}`;
    const opts = { env, remote: true, cwd: workdir };
    const inner = ctx.argv(payload, hop, opts);
    actions.push(...mountedDeletes(inner, mounts, ctx, env));
    const fed = codeFromStdin(payload, inv.stdin, ctx, hop, opts, 'docker/stdin-code');
    if (fed) actions.push(fed);
  }
  actions.push(
    ctx.action({
      tool: inv.name,
      verb,
      effect: 'exec',
      risk: 'low',
      rule: `docker/${verb}`,
      targets: [image, ...mounts.map((m) => `${m.source}:${m.target}`)],
      env,
      reasons: [
        payload.length > 0
          ? `runs ${payload.map((w) => w.text).join(' ')} in a ${image} container`
          : `starts a ${image} container`,
      ],
    }),
  );
  return actions;
}

/** `exec`: the payload runs in an existing container; deletes inside a database container are its data. */
export function execContainer(
  inv: Invocation,
  words: readonly Word[],
  ctx: ToolContext,
  hopPrefix: string,
): Action[] {
  const s = scan(words, EXEC_VALUE, true);
  const container = s.positionals[0]?.text ?? '';
  if (hasOpt(s, '--help') || container === '') return [helpAction(inv, ctx, 'exec')];
  const env = ctx.envOf(container);
  const workdir = optValue(s, '-w', '--workdir') ?? '/';
  const hop = `${hopPrefix} ${container}`;
  const opts = { env, remote: true, cwd: workdir };
  const inner = s.after.length > 0 ? ctx.argv(s.after, hop, opts) : [];
  const actions: Action[] = [];
  const fed = codeFromStdin(s.after, inv.stdin, ctx, hop, opts, 'docker/stdin-code');
  if (fed) actions.push(fed);
  if (looksStateful(container)) {
    const hit = inner.find(
      (a) =>
        (a.effect === 'delete' || a.effect === 'destroy') &&
        a.risk !== 'high' &&
        a.risk !== 'catastrophic' &&
        a.targets.some((t) => !t.startsWith('/tmp') && !isRegenerablePath(t)),
    );
    if (hit) {
      actions.push(
        ctx.action({
          tool: inv.name,
          verb: 'exec delete',
          effect: 'delete',
          risk: 'high',
          rule: 'docker/exec-stateful-delete',
          targets: [container, ...hit.targets],
          env,
          reasons: [`deletes files inside ${container}, which looks like it holds data`],
        }),
      );
    }
  }
  actions.push(
    ctx.action({
      tool: inv.name,
      verb: 'exec',
      effect: 'exec',
      risk: 'none',
      rule: 'docker/exec',
      targets: [container],
      env,
      reasons: [
        s.after.length > 0
          ? `runs ${s.after.map((w) => w.text).join(' ')} in ${container}`
          : `opens a session in ${container}`,
      ],
    }),
  );
  return actions;
}
