/**
 * Container mounts: a delete the payload performs under the mount point of a named volume deletes that
 * volume's data; under a bind mount it deletes files on the host.
 */
import type { ToolContext } from '../model.js';
import { resolvePath } from '../paths.js';
import type { Action, Env } from '../types.js';
import { isRegenerablePath } from './docker-args.js';

/** One mount of a container. */
export interface Mount {
  /** Named volume or host path. */
  source: string;
  /** Path inside the container. */
  target: string;
  kind: 'volume' | 'bind';
  readOnly: boolean;
}

/** Mounts from `-v src:dst[:opts]` and `--mount type=...,source=...,target=...`. */
export function mountsOf(volumes: readonly string[], mounts: readonly string[]): Mount[] {
  const out: Mount[] = [];
  for (const v of volumes) {
    const parts = v.split(':');
    if (parts.length < 2) continue; // anonymous volume: dies with the container
    const [source = '', target = '', options = ''] = parts;
    const bind = /^[/.~$]/.test(source);
    out.push({
      source,
      target,
      kind: bind ? 'bind' : 'volume',
      readOnly: options.split(',').includes('ro'),
    });
  }
  for (const m of mounts) {
    const fields = new Map(
      m.split(',').map((kv) => [kv.split('=')[0] ?? '', kv.split('=').slice(1).join('=')] as const),
    );
    const source = fields.get('source') ?? fields.get('src') ?? '';
    const target = fields.get('target') ?? fields.get('destination') ?? fields.get('dst') ?? '';
    const type = fields.get('type') ?? 'volume';
    if (!source || !target || (type !== 'bind' && type !== 'volume')) continue;
    const readOnly =
      fields.has('readonly') || fields.has('ro') || fields.get('readonly') === 'true';
    out.push({ source, target, kind: type, readOnly });
  }
  return out;
}

function under(path: string, dir: string): string | undefined {
  const p = path.replace(/\/\*$/, '').replace(/\/+$/, '') || '/';
  const d = dir.replace(/\/+$/, '') || '/';
  if (p === d) return '';
  if (d === '/') return p;
  return p.startsWith(`${d}/`) ? p.slice(d.length) : undefined;
}

/** Actions for payload deletes that land on a mounted volume or host directory. */
export function mountedDeletes(
  payload: readonly Action[],
  mounts: readonly Mount[],
  ctx: ToolContext,
  env: Env,
): Action[] {
  const out: Action[] = [];
  for (const a of payload) {
    if (a.effect !== 'delete' && a.effect !== 'destroy') continue;
    for (const t of a.targets) {
      for (const m of mounts) {
        if (m.readOnly) continue;
        const rest = under(t, m.target);
        if (rest === undefined || isRegenerablePath(t)) continue;
        if (m.kind === 'volume') {
          out.push(
            ctx.action({
              tool: 'docker',
              verb: 'delete volume data',
              effect: 'delete',
              risk: 'high',
              rule: 'docker/volume-data-delete',
              targets: [`${m.source}:${m.target}${rest}`],
              env,
              reasons: [`deletes data in the named volume ${m.source} (mounted at ${m.target})`],
            }),
          );
          continue;
        }
        const host = resolvePath(`${m.source.replace(/\/+$/, '')}${rest}`, ctx.cwd);
        if (isRegenerablePath(host) || a.risk === 'high' || a.risk === 'catastrophic') continue;
        const whole = host === '/' || host === '~' || /^\/(home|Users)\/[^/]+$/.test(host);
        out.push(
          ctx.action({
            tool: 'docker',
            verb: 'delete host files',
            effect: 'delete',
            risk: whole ? 'catastrophic' : 'high',
            rule: 'docker/bind-mount-delete',
            targets: [host],
            env,
            reasons: [`deletes ${host} on the host through the bind mount ${m.source}:${m.target}`],
          }),
        );
      }
    }
  }
  return out;
}
