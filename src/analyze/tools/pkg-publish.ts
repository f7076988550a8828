/**
 * Outward-facing registry actions shared by every language package manager: publishing a release (public and
 * permanent: a version number cannot be reused), withdrawing one (unpublish, yank, deprecate: breaks everyone
 * who depends on it), changing owners and visibility, and registry/TLS settings that weaken security.
 */
import type { ToolContext } from '../model.js';
import type { Action } from '../types.js';

/** A registry on this machine (verdaccio, a local Nexus): publishing there is a local write. */
export function isLocalRegistry(url: string | undefined): boolean {
  return (
    url !== undefined &&
    /^(https?:\/\/)?(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)([:/]|$)/.test(url)
  );
}

/** `npm publish`, `cargo publish`, `twine upload` ...: judged high unless the registry is local. */
export function publish(
  ctx: ToolContext,
  tool: string,
  verb: string,
  target: string,
  registry?: string,
): Action {
  if (
    isLocalRegistry(registry) ||
    (registry !== undefined && /test\.pypi\.org|testpypi/.test(registry))
  ) {
    return ctx.action({
      tool,
      verb,
      effect: 'write',
      risk: 'low',
      rule: 'pkg/publish-local',
      targets: [registry ?? target],
      reasons: ['publishes to a local or test registry'],
    });
  }
  return ctx.action({
    tool,
    verb,
    effect: 'write',
    risk: 'high',
    rule: 'pkg/publish',
    targets: [target, ...(registry ? [registry] : [])],
    reversible: false,
    reasons: [
      `publishes ${target} to ${registry ?? 'the public registry'}: a released version cannot be replaced and may be downloaded at once`,
    ],
  });
}

/** Withdrawing, deprecating or re-tagging a published release, or removing an owner. */
export function registryChange(
  ctx: ToolContext,
  tool: string,
  verb: string,
  rule: string,
  target: string,
  reason: string,
): Action {
  return ctx.action({
    tool,
    verb,
    effect: 'destroy',
    risk: 'high',
    rule,
    targets: [target],
    reversible: false,
    reasons: [reason],
  });
}

const FALSY = /^(false|0|no|off)$/i;

/**
 * Why a package-manager setting weakens security, if it does: TLS verification off, a plain-http registry or
 * index, a host trusted without TLS. Keys are compared case-insensitively with `-`/`_` ignored.
 */
export function settingWeakening(key: string, val: string): string | undefined {
  const k = key.toLowerCase().replace(/^--?/, '').replace(/[-_]/g, '');
  const v = val.trim().replace(/^["']|["']$/g, '');
  if (/^(strictssl|enablestrictssl|sslverify|verifyssl|httpssl?verify)$/.test(k) && FALSY.test(v)) {
    return 'turns off TLS certificate verification for package downloads';
  }
  if (
    /(^|\.)(registry|npmregistryserver|indexurl|extraindexurl|index|repositoryurl|url)$/.test(k) &&
    /^http:\/\//i.test(v) &&
    !isLocalRegistry(v)
  ) {
    return `makes packages come from ${v} over plain http: anyone on the path can substitute code`;
  }
  if (/(^|\.)(trustedhost|unsafehttpwhitelist|insecurerepos?)$/.test(k) && v.length > 0) {
    return `trusts ${v} without TLS verification`;
  }
  if (/^(securehttp)$/.test(k) && FALSY.test(v)) return 'allows package downloads over plain http';
  if (/^(disabletls)$/.test(k) && /^(true|1|yes|on)$/i.test(v))
    return 'turns off TLS for package downloads';
  if (/^certificates\..+\.cert$/.test(key.toLowerCase()) && FALSY.test(v))
    return 'turns off TLS certificate verification for a repository';
  if (/^(gosumdb)$/.test(k) && /^off$/i.test(v))
    return 'turns off checksum verification of Go modules';
  // Private module hosts are legitimately listed here; a wildcard turns verification off for everything.
  if (/^(goinsecure|gonosumcheck|gonosumdb|gonoverify)$/.test(k) && /(^|,)\*(,|$)/.test(v)) {
    return 'skips TLS or checksum verification for every Go module';
  }
  if (k === 'goflags' && /-insecure/.test(v)) return 'allows Go modules to be fetched without TLS';
  return undefined;
}

/** A persistent configuration change that weakens security (high). */
export function weakening(
  ctx: ToolContext,
  tool: string,
  key: string,
  reason: string,
  scope: string,
): Action {
  return ctx.action({
    tool,
    verb: 'config set',
    effect: 'write',
    risk: 'high',
    rule: 'pkg/config-weakening',
    targets: [`${scope} ${key}`],
    reasons: [`${reason} (${scope} setting: every later install is affected)`],
  });
}

/** A one-off flag that weakens security for this command only (low, named in the reasons). */
export function oneOffWeakening(
  ctx: ToolContext,
  tool: string,
  flag: string,
  reason: string,
): Action {
  return ctx.action({
    tool,
    verb: flag,
    effect: 'write',
    risk: 'low',
    rule: 'pkg/one-off-weakening',
    targets: [flag],
    reasons: [`${reason}, for this one command only`],
  });
}
