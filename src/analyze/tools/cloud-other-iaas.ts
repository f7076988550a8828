/**
 * The judge for infrastructure providers (specs in `cloud-other-hosting.ts` and
 * `cloud-other-enterprise.ts`): the path judge plus two things every provider shares — commands run
 * over ssh are analysed on the far side, and firewall rules that open a non-web port to the whole
 * internet are a security weakening.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext } from '../model.js';
import { values } from '../args.js';
import { isWebPort, isWorldCidr } from './cloud-common.js';
import { parsePath, type PathCall, type PathSpec } from './cloud-other-path.js';
import { judgePath, pathAction } from './cloud-other-judge.js';

const SOURCES = ['--remote-ip', '--source-ips', '--source-ip', '--cidr', '--source-address'];
const PORTS = ['--dst-port', '--port', '--ports', '--destination-port', '--startport'];

/** A firewall rule that lets the whole internet reach a non-web port. */
export function openIngress(call: PathCall): boolean {
  const sources = values(call.p, ...SOURCES);
  const ports = values(call.p, ...PORTS);
  // scw: `ip-range=0.0.0.0/0 dest-port-from=22` as key=value arguments.
  const kv = new Map(call.names.map((n) => [n.split('=')[0] ?? '', n.split('=')[1] ?? '']));
  const range = kv.get('ip-range');
  if (range !== undefined) sources.push(range);
  const from = kv.get('dest-port-from');
  if (from !== undefined) ports.push(from);
  // doctl: `--inbound-rules "protocol:tcp,ports:22,address:0.0.0.0/0 ..."`.
  for (const rule of values(call.p, '--inbound-rules').flatMap((r) => r.split(/\s+/))) {
    const fields = new Map(
      rule.split(',').map((f) => [f.split(':')[0] ?? '', f.split(':').slice(1).join(':')]),
    );
    if (isWorldCidr(fields.get('address') ?? '') && !isWebPort(fields.get('ports') ?? 'all')) {
      return true;
    }
  }
  if (!sources.flatMap((s) => s.split(',')).some(isWorldCidr)) return false;
  return ports.length === 0 || ports.some((p) => !isWebPort(p));
}

/** Judge an infrastructure provider's CLI per its spec. */
export function analyzeIaas(inv: Invocation, ctx: ToolContext, spec: PathSpec): Action[] {
  const hints = [ctx.env['OS_CLOUD'], ctx.env['OS_PROJECT_NAME']].filter((h): h is string => !!h);
  const call = parsePath(spec, inv, ctx, hints);
  if (call.help || call.dryRun) return [judgePath(spec, call, ctx)];
  const remote = spec.remote?.(call);
  if (remote) ctx.script(remote.command, remote.hop, { env: call.env, remote: true });
  if ((call.cls === 'write' || call.cls === undefined) && openIngress(call)) {
    const reason = 'opens a non-web port to the whole internet';
    return [pathAction(spec, call, ctx, 'high', 'open-ingress', reason, 'write')];
  }
  return [judgePath(spec, call, ctx)];
}
