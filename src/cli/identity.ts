/**
 * `portcullis identity plan`: reads the gate config's `bindings:` and prints, for each tool family they cover,
 * how to give the agent a read-only standing identity (src/deploy/identity-plan.ts). It only prints: nothing is
 * applied, no cluster or cloud is contacted.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';

interface IdentityIo {
  setExitCode: (code: number) => void;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Where to look for gate.yaml when --config is not given (default: the user's, then /etc/portcullis's). */
  defaultConfigs?: () => Promise<string[]>;
}

const FORMATS = ['text', 'yaml', 'k8s'] as const;

/**
 * The user's gate.yaml (as serve.ts finds it; not imported from there, which would pull the daemon into this
 * bundle), then the service's.
 */
function defaultConfigs(): Promise<string[]> {
  const base = process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  return Promise.resolve([join(base, 'portcullis', 'gate.yaml'), '/etc/portcullis/gate.yaml']);
}

/** The parsed gate.yaml to plan from, or undefined when none exists at the default places. */
async function readConfigDoc(
  explicit: string | undefined,
  candidates: () => Promise<string[]>,
): Promise<{ path?: string; doc: unknown }> {
  const { existsSync, readFileSync } = await import('node:fs');
  const { parse } = await import('yaml');
  const paths = explicit !== undefined ? [explicit] : await candidates();
  const path = paths.find((p) => existsSync(p));
  if (path === undefined) {
    if (explicit !== undefined) throw new Error(`no gate config at ${explicit}`);
    return { doc: {} };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'EACCES'
        ? `${path} is readable by root and the gate only: run with sudo, or pass --config`
        : `${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  try {
    return { path, doc: parse(text) as unknown };
  } catch (e) {
    throw new Error(
      `${path}: ${e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)}`,
    );
  }
}

/** Register `identity plan` on `program`. */
export function registerIdentityCommand(program: Command, io: IdentityIo): void {
  const identity = program
    .command('identity')
    .description(
      "the agent's own standing identity: read-only everywhere, writes only through the gate",
    );
  identity
    .command('plan')
    .description(
      'print how to give the agent read-only credentials for the tools the gate config binds',
    )
    .option(
      '--config <file>',
      'gate config (default ~/.config/portcullis/gate.yaml, then /etc/portcullis/gate.yaml)',
    )
    .option(
      '--format <format>',
      'text, yaml (the whole plan) or k8s (only the manifests, for kubectl apply -f -)',
      'text',
    )
    .option(
      '--namespace <ns>',
      'Kubernetes namespace of the agent and gate service accounts',
      'portcullis',
    )
    .addHelpText(
      'after',
      `
Examples:
  portcullis identity plan                               # every family the bindings cover
  portcullis identity plan --format k8s | kubectl apply -f -
  portcullis identity plan --config /etc/portcullis/gate.yaml --format yaml > plan.yaml`,
    )
    .action(async (flags: { config?: string; format: string; namespace: string }) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) {
        io.err(
          `portcullis identity plan: --format must be text, yaml or k8s, not "${flags.format}"\n`,
        );
        {
          io.setExitCode(2);
          return;
        }
      }
      if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(flags.namespace)) {
        io.err(
          `portcullis identity plan: --namespace must be a Kubernetes name, not "${flags.namespace}"\n`,
        );
        {
          io.setExitCode(2);
          return;
        }
      }
      const [{ readBindings }, plans, { DEFAULT_NAMES }] = await Promise.all([
        import('../deploy/bindings.js'),
        import('../deploy/identity-plan.js'),
        import('../deploy/plan-types.js'),
      ]);
      try {
        const { doc } = await readConfigDoc(flags.config, io.defaultConfigs ?? defaultConfigs);
        const names = { ...DEFAULT_NAMES, namespace: flags.namespace };
        const plan = plans.buildIdentityPlan(readBindings(doc), names);
        if (flags.format === 'yaml') io.out(plans.renderPlanYaml(plan));
        else if (flags.format === 'k8s') {
          const manifests = plans.renderKubernetesManifests(plan, names);
          if (manifests === '') {
            io.err(
              'portcullis identity plan: the bindings cover no Kubernetes tool; nothing to apply\n',
            );
            {
              io.setExitCode(1);
              return;
            }
          }
          io.out(manifests);
        } else io.out(plans.renderPlanText(plan));
        io.setExitCode(0);
      } catch (e) {
        io.err(`portcullis identity plan: ${e instanceof Error ? e.message : String(e)}\n`);
        io.setExitCode(2);
      }
    });
}
