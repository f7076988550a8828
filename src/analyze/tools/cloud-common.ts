/**
 * Shared vocabulary of the cloud CLI models (aws, gcloud, az and the smaller providers): how a
 * sub-command's verb reads (delete, stop, list ...), which resources are "a whole environment", and
 * the security checks that recur across providers (public principals, world-open CIDRs, admin
 * roles, destructive SQL, bucket scopes). Plain module: the models import it, it is not a
 * registered model.
 */
import type { Risk } from '../types.js';
import type { ParsedArgs } from '../args.js';

/** What a sub-command's verb does, independent of the resource it acts on. */
export type VerbClass = 'read' | 'delete' | 'stop' | 'restart' | 'disable' | 'exec' | 'write';

// prettier-ignore
const READ = new Set([
  'describe', 'get', 'list', 'ls', 'show', 'view', 'lookup', 'scan', 'query', 'head', 'wait',
  'tail', 'filter', 'search', 'select', 'read', 'cat', 'info', 'inspect', 'status', 'logs', 'log',
  'events', 'history', 'help', 'version', 'whoami', 'validate', 'check', 'estimate', 'simulate',
  'preview', 'diff', 'explain', 'print', 'poll', 'exists', 'count', 'find', 'stat', 'du', 'hash',
  'ping', 'verify', 'compare', 'browse', 'watch', 'health', 'top', 'plan', 'what-if', 'dump',
  'test', 'download', 'open', 'docs', 'doctor', 'lint', 'detect', 'receive', 'summary', 'metrics',
  'usage', 'audit', 'current', 'la', 'tree', 'fetch',
]);
// prettier-ignore
const DELETE = new Set([
  'delete', 'del', 'rm', 'remove', 'destroy', 'terminate', 'purge', 'drop', 'wipe', 'erase',
  'deregister', 'unregister', 'truncate', 'prune', 'nuke', 'expunge', 'rb', 'rmdir', 'reset',
  'rebuild', 'reimage', 'release', 'isolate', 'uninstall', 'deprovision', 'decommission',
  'abandon', 'evict', 'clear', 'flush', 'reinstall',
]);
// prettier-ignore
const STOP = new Set([
  'stop', 'shutdown', 'poweroff', 'halt', 'reboot', 'suspend', 'deallocate', 'hibernate', 'pause',
  'kill', 'powercycle', 'shelve', 'down', 'offline',
]);
// prettier-ignore
const DISABLE = new Set([
  'disable', 'revoke', 'detach', 'disassociate', 'dissociate', 'deactivate',
]);
// prettier-ignore
const EXEC = new Set([
  'ssh', 'exec', 'run', 'console', 'connect', 'shell', 'proxy', 'invoke', 'execute', 'scp',
]);
// prettier-ignore
const WRITE = new Set([
  'create', 'add', 'set', 'update', 'put', 'modify', 'deploy', 'start', 'copy', 'cp', 'mv', 'move',
  'upload', 'attach', 'associate', 'enable', 'import', 'export', 'tag', 'untag', 'label',
  'publish', 'send', 'apply', 'push', 'pull', 'restore', 'rollback', 'promote', 'scale', 'resize',
  'login', 'logout', 'init', 'link', 'unlink', 'edit', 'patch', 'replace', 'rename', 'clone',
  'fork', 'build', 'submit', 'generate', 'config', 'configure', 'use', 'switch', 'install',
  'upgrade', 'migrate', 'sync', 'rsync', 'mirror', 'mb', 'mk', 'new', 'save', 'unset', 'resume',
  'register', 'grant', 'authorize', 'allow', 'undelete', 'recover', 'cancel', 'schedule',
  'activate', 'assign', 'bind', 'unbind', 'complete', 'dev', 'serve', 'emulators', 'setup', 'make',
  'up',
]);
const RESTART = new Set(['restart', 'reload', 'redeploy', 'recycle']);

/** Split a command word into lower-case parts (`delete-db-instance`, `apps:destroy`, `StopVm`). */
export function wordParts(word: string): string[] {
  return word
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[-_:.]+/)
    .filter((s) => s.length > 0);
}

function classOfPart(part: string): VerbClass | undefined {
  if (READ.has(part)) return 'read';
  if (DELETE.has(part)) return 'delete';
  if (STOP.has(part)) return 'stop';
  if (RESTART.has(part)) return 'restart';
  if (DISABLE.has(part)) return 'disable';
  if (EXEC.has(part)) return 'exec';
  if (WRITE.has(part)) return 'write';
  return undefined;
}

/**
 * The class of a verb word. A compound reads by its first part (`delete-db-instance`,
 * `list-buckets`) and, when that is not a verb, by its last (`cluster-delete` in linode-cli and
 * ibmcloud).
 */
export function verbClass(word: string): VerbClass | undefined {
  const lower = word.toLowerCase();
  const direct = classOfPart(lower) ?? classOfPart(lower.replace(/-/g, ''));
  if (direct) return direct;
  const parts = wordParts(word);
  if (parts.length < 2) return undefined;
  const first = classOfPart(parts[0] ?? '');
  return first ?? classOfPart(parts[parts.length - 1] ?? '');
}

/** True when `word` itself is a destroying or stopping verb (not a compound, not a name). */
export function isExactDestroyVerb(word: string): boolean {
  const w = word.toLowerCase();
  return DELETE.has(w) || STOP.has(w) || DISABLE.has(w);
}

/** Resource nouns whose deletion removes a whole environment, cluster, stack or data service. */
// prettier-ignore
const WHOLE = new Set([
  'project', 'projects', 'cluster', 'clusters', 'stack', 'stacks', 'database', 'databases', 'db',
  'dbs', 'organization', 'organizations', 'org', 'orgs', 'account', 'environment', 'environments',
  'app', 'apps', 'datacenter', 'datacenters', 'compartment', 'compartments', 'vault', 'vaults',
  'filesystem', 'file-system', 'file-systems', 'hosted-zone', 'managed-zones', 'zone', 'zones',
  'subscription', 'tenant', 'instance-pool', 'dbaas', 'rdb', 'sks', 'kubernetes', 'k8s', 'lke',
  'postgres', 'postgresql', 'mysql', 'mongodb', 'dbinstance', 'dbinstances', 'dbcluster',
  'dbclusters', 'systems',
]);

/**
 * True when a resource noun names a whole environment-sized thing (see WHOLE), judged by the noun
 * or its last part (`db-cluster`, `managed-zones`, `file-systems`).
 */
export function isWholeResource(noun: string | undefined): boolean {
  if (noun === undefined) return false;
  const n = noun.toLowerCase();
  return WHOLE.has(n) || WHOLE.has(n.split('-').pop() ?? '');
}

/** Machines: restarting one is a reboot (high); anything else is a service restart (low). */
// prettier-ignore
const MACHINES = new Set([
  'vm', 'vms', 'instance', 'instances', 'server', 'servers', 'droplet', 'droplets', 'linode',
  'linodes', 'machine', 'machines', 'node', 'nodes', 'vmss', 'host', 'hosts', 'baremetal',
  'droplet-action',
]);

/** True when a resource noun names a machine (a VM, a server, a droplet). */
export function isMachine(noun: string | undefined): boolean {
  return noun !== undefined && MACHINES.has(noun.toLowerCase());
}

/** Members that mean "anyone" in IAM bindings and ACLs across providers. */
export function isPublicMember(member: string): boolean {
  const m = member.toLowerCase().replace(/^(group|user|member):/, '');
  return (
    m === 'allusers' ||
    m === 'allauthenticatedusers' ||
    m.startsWith('allusers:') ||
    m.startsWith('allauthenticatedusers:') ||
    m.includes('acs.amazonaws.com/groups/global/allusers') ||
    m.includes('acs.amazonaws.com/groups/global/authenticatedusers') ||
    m === 'everyone' ||
    m === 'anonymous' ||
    m === 'public'
  );
}

/** True for an address range meaning "the whole internet". */
export function isWorldCidr(cidr: string): boolean {
  const c = cidr.trim().toLowerCase();
  return [
    '0.0.0.0/0',
    '::/0',
    '*',
    'internet',
    'any',
    '0.0.0.0',
    '0.0.0.0-255.255.255.255',
  ].includes(c);
}

/** Ports normally published to the world (web traffic): opening these is not a weakening. */
export function isWebPort(port: string): boolean {
  return ['80', '443', '8080', '8443', 'http', 'https', '80-80', '443-443'].includes(
    port.trim().toLowerCase(),
  );
}

/** Roles that grant control of everything they are bound on. */
export function isAdminRole(role: string): boolean {
  const r = role.toLowerCase().replace(/['"]/g, '');
  return (
    r === 'roles/owner' ||
    r === 'roles/editor' ||
    r === 'owner' ||
    r === 'contributor' ||
    r === 'user access administrator' ||
    r.endsWith('/administratoraccess') ||
    r.endsWith('/poweruseraccess') ||
    r.endsWith('/iamfullaccess') ||
    r === 'administratoraccess' ||
    r.includes('securityadmin') ||
    r.includes('projectiamadmin') ||
    r.includes('organizationadmin') ||
    r.includes('role based access control administrator')
  );
}

/** True when a name suggests it holds backups (a bucket, vault or container). */
export function isBackupName(name: string): boolean {
  return wordParts(name).some((p) =>
    /^(backups?|bak|bkp|archives?|snapshots?|dr|restic|borg|velero)$/.test(p),
  );
}

/** `s3://bucket/prefix` → bucket and prefix; `whole` when the URL covers the whole bucket. */
export function bucketScope(url: string): { bucket: string; prefix: string; whole: boolean } {
  const rest = url.replace(/^[a-z0-9]+:\/\//i, '');
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const prefix = slash < 0 ? '' : rest.slice(slash + 1);
  return {
    bucket,
    prefix,
    whole: prefix === '' || prefix === '*' || prefix === '**' || prefix === '/',
  };
}

/** What a SQL text destroys, if anything: keywords only (no parser dependency). */
export function sqlDestruction(sql: string): { risk: Risk; what: string } | undefined {
  const text = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .toUpperCase();
  let found: { risk: Risk; what: string } | undefined;
  for (const stmt of text.split(';')) {
    const w = stmt
      .trim()
      .split(/\s+/)
      .filter((s) => s.length > 0);
    const [a, b] = [w[0] ?? '', w[1] ?? ''];
    const where = w.indexOf('WHERE');
    const tautology =
      where >= 0 &&
      /^(1\s*=\s*1|TRUE|'1'\s*=\s*'1')$/.test(
        w
          .slice(where + 1)
          .join(' ')
          .trim(),
      );
    let hit: { risk: Risk; what: string } | undefined;
    if (a === 'DROP' && ['DATABASE', 'SCHEMA', 'KEYSPACE'].includes(b))
      hit = { risk: 'catastrophic', what: `DROP ${b}` };
    else if (a === 'DROP') hit = { risk: 'high', what: `DROP ${b}` };
    else if (a === 'TRUNCATE') hit = { risk: 'high', what: 'TRUNCATE' };
    else if (a === 'DELETE' && (where < 0 || tautology))
      hit = { risk: 'high', what: 'DELETE without a real WHERE' };
    else if (a === 'UPDATE' && (where < 0 || tautology))
      hit = { risk: 'high', what: 'UPDATE without a real WHERE' };
    else if (a === 'ALTER' && w.includes('DROP')) hit = { risk: 'high', what: 'ALTER ... DROP' };
    if (hit && (!found || hit.risk === 'catastrophic')) found = hit;
  }
  return found;
}

/**
 * Split arguments of a CLI whose command words always come first and whose options each take the
 * words up to the next option (az, oci, ionosctl: `az vm delete -g rg -n vm1 --yes`, `--ids a b
 * c`).
 */
export function parseOptionGrammar(args: readonly string[]): ParsedArgs {
  const opts = new Map<string, string[]>();
  const positionals: string[] = [];
  let current: string | undefined;
  let commandPart = true;
  for (const a of args) {
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      commandPart = false;
      const eq = a.indexOf('=');
      current = a.startsWith('--') && eq > 0 ? undefined : a;
      const name = current ?? a.slice(0, eq);
      const list = opts.get(name) ?? [];
      if (!current) list.push(a.slice(eq + 1));
      opts.set(name, list);
      continue;
    }
    if (commandPart || !current) positionals.push(a);
    else opts.get(current)?.push(a);
  }
  return { opts, positionals, rest: [] };
}
