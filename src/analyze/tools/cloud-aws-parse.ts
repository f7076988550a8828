/**
 * Parsing the AWS CLI's grammar: `aws [global options] <service> <operation> [--param value ...]`.
 * API operations take `--param value [value ...]` (lists are space-separated) and have no
 * positionals; the hand-written commands (`aws s3 cp SRC DST`, `aws logs tail GROUP`) take
 * positionals and one value per option.
 */
import type { Env } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';

export interface AwsCall {
  /** `awslocal` or an `aws` command. */
  readonly program: string;
  readonly service: string;
  readonly op: string;
  /** Every option by name (`--instance-ids`), with its values (none for a flag). */
  readonly opts: ReadonlyMap<string, readonly string[]>;
  /** Options whose value is only known when the command runs. */
  readonly dynamicOpts: ReadonlySet<string>;
  readonly positionals: readonly string[];
  readonly dynamicPositionals: boolean;
  /** Against LocalStack or another emulator on this machine. */
  readonly local: boolean;
  readonly env: Env;
  /** Resource names and ids the operation acts on. */
  readonly targets: readonly string[];
}

// prettier-ignore
const GLOBAL_VALUE = new Set([
  '--profile', '--region', '--endpoint-url', '--output', '--query', '--color', '--ca-bundle',
  '--cli-read-timeout', '--cli-connect-timeout', '--cli-binary-format',
]);

// Flags of the hand-written commands (s3, logs tail, deploy ...) and the usual API booleans: they
// take no value.
// prettier-ignore
const FLAGS = new Set([
  '--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager',
  '--cli-auto-prompt', '--version', '--recursive', '--force', '--delete', '--dryrun', '--dry-run',
  '--quiet', '--only-show-errors', '--no-progress', '--follow-symlinks', '--exact-timestamps',
  '--size-only', '--human-readable', '--summarize', '--ignore-glacier-warnings',
  '--force-glacier-transfer', '--follow', '--skip-final-snapshot', '--delete-automated-backups',
  '--force-delete-without-recovery', '--publicly-accessible', '--apply-immediately',
  '--terminate-instances', '--force-delete', '--force-new-deployment', '--generate-cli-skeleton',
  '--enable-termination-protection', '--deletion-protection', '--disable-api-termination',
  '--help',
]);

/** Commands with positional arguments: one value per option, the rest are positionals. */
function handWritten(service: string, op: string): boolean {
  return (
    service === 's3' ||
    (service === 'logs' && op === 'tail') ||
    service === 'deploy' ||
    service === 'configure' ||
    (service === 'cloudformation' && (op === 'deploy' || op === 'package')) ||
    (service === 'eks' && op === 'update-kubeconfig')
  );
}

const TARGET = /-(names?|ids?|identifiers?|arns?|bucket|url|cluster|services?|key|stack|table)$/;
const NOT_TARGET = new Set([
  '--profile',
  '--region',
  '--endpoint-url',
  '--query',
  '--output',
  '--policy-arn',
  '--key-name',
]);

function isLocalEndpoint(url: string): boolean {
  const host = url.replace(/^[a-z]+:\/\//i, '').split(/[:/]/)[0] ?? '';
  return [
    'localhost',
    '127.0.0.1',
    'localstack',
    'host.docker.internal',
    '0.0.0.0',
    '[::1]',
  ].includes(host);
}

/** Parse an `aws`/`awslocal` invocation; `undefined` when no service is named. */
export function parseAws(inv: Invocation, ctx: ToolContext): AwsCall | undefined {
  const opts = new Map<string, string[]>();
  const dynamicOpts = new Set<string>();
  const positionals: string[] = [];
  let dynamicPositionals = false;
  const words = inv.words;
  const put = (name: string, vals: string[], dynamic: boolean): void => {
    opts.set(name, [...(opts.get(name) ?? []), ...vals]);
    if (dynamic) dynamicOpts.add(name);
  };
  let service = '';
  let op = '';
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!w) break;
    const text = w.text;
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq > 0 ? text.slice(0, eq) : text;
      if (eq > 0) {
        put(name, [text.slice(eq + 1)], w.dynamic);
        continue;
      }
      if (FLAGS.has(name) || name.startsWith('--no-')) {
        put(name, [], false);
        continue;
      }
      const single = GLOBAL_VALUE.has(name) || !op || handWritten(service, op);
      const vals: string[] = [];
      let dynamic = false;
      while (i + 1 < words.length && !(words[i + 1]?.text ?? '').startsWith('--')) {
        const next = words[++i];
        vals.push(next?.text ?? '');
        dynamic ||= next?.dynamic ?? false;
        if (single) break;
      }
      put(name, vals, dynamic);
      continue;
    }
    if (!service) service = text;
    else if (!op) op = text;
    else {
      positionals.push(text);
      dynamicPositionals ||= w.dynamic;
    }
  }
  if (!service) return undefined;
  const endpoint = opts.get('--endpoint-url')?.[0] ?? '';
  const local = inv.name === 'awslocal' || (endpoint !== '' && isLocalEndpoint(endpoint));
  const targets: string[] = [...positionals];
  for (const [name, vals] of opts) {
    if (TARGET.test(name) && !NOT_TARGET.has(name)) targets.push(...vals);
    if (name === '--bucket' || name === '--key') targets.push(...vals);
  }
  const profile = opts.get('--profile')?.[0];
  const filters = ['--filters', '--filter', '--targets', '--tags'].flatMap(
    (n) => opts.get(n) ?? [],
  );
  const env = local
    ? 'local'
    : ctx.envOf(profile, ctx.env['AWS_DEFAULT_PROFILE'], ...[...new Set(targets)], ...filters);
  return {
    program: inv.name,
    service,
    op,
    opts,
    dynamicOpts,
    positionals,
    dynamicPositionals,
    local,
    env,
    targets: [...new Set(targets)],
  };
}

/** The first value of an option, if given. */
export function opt(call: AwsCall, ...names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = call.opts.get(n);
    if (v && v.length > 0) return v[0];
  }
  return undefined;
}

/** Every value of the options, in order. */
export function optAll(call: AwsCall, ...names: readonly string[]): string[] {
  return names.flatMap((n) => call.opts.get(n) ?? []);
}

/** True when any of the options is present. */
export function flag(call: AwsCall, ...names: readonly string[]): boolean {
  return names.some((n) => call.opts.has(n));
}
