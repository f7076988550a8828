/** Choosing a token scope: environments by checkbox, tool patterns and path prefixes as lists. */
import type { Scope } from './types.js';

export const SCOPE_ENVS = ['prod', 'staging', 'dev', 'test', 'local', 'unknown'] as const;

export interface ScopeDraft {
  envs: string[];
  tools: string;
  paths: string;
}

export const emptyScope = (): ScopeDraft => ({ envs: [], tools: '', paths: '' });

const list = (text: string): string[] =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The scope the API receives; a list left empty means "any" and is left out. */
export function toScope(d: ScopeDraft): Scope {
  const tools = list(d.tools);
  const paths = list(d.paths);
  return {
    ...(d.envs.length > 0 ? { envs: d.envs } : {}),
    ...(tools.length > 0 ? { tools } : {}),
    ...(paths.length > 0 ? { paths } : {}),
  };
}

/**
 * The picked scope, with every list left empty taken from `within` (the agent's or the parent token's scope):
 * an absent list means "any", which would be wider than a parent that lists something, and the gate refuses a
 * widening. What the human restricts is kept; what they leave alone stays as it was.
 */
export function inside(picked: Scope, within: Scope | undefined): Scope {
  if (!within) return picked;
  return {
    ...((picked.envs ?? within.envs) ? { envs: picked.envs ?? within.envs } : {}),
    ...((picked.tools ?? within.tools) ? { tools: picked.tools ?? within.tools } : {}),
    ...((picked.paths ?? within.paths) ? { paths: picked.paths ?? within.paths } : {}),
  };
}

/** The scope a token carries (its claims are readable; only the signature is secret), if it can be read. */
export function tokenScope(token: string): Scope | undefined {
  try {
    const part = token.split('.')[1] ?? '';
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as {
      scope?: unknown;
    };
    return typeof claims.scope === 'object' && claims.scope !== null ? claims.scope : undefined;
  } catch {
    return undefined;
  }
}

/** A scope in words for tables. */
export function scopeText(s: Scope): string {
  const parts = [
    `envs: ${s.envs?.join(', ') ?? 'any'}`,
    `tools: ${s.tools?.join(', ') ?? 'any'}`,
    `paths: ${s.paths?.join(', ') ?? 'any'}`,
  ];
  return parts.join('; ');
}

export function ScopePicker({
  legend,
  value,
  onChange,
}: {
  legend: string;
  value: ScopeDraft;
  onChange: (d: ScopeDraft) => void;
}) {
  return (
    <fieldset class="scope">
      <legend>{legend}</legend>
      <div class="checks" role="group" aria-label="Environments">
        <span>Environments (none ticked: any)</span>
        {SCOPE_ENVS.map((env) => (
          <label key={env} class="check">
            <input
              type="checkbox"
              name={`env-${env}`}
              checked={value.envs.includes(env)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                onChange({
                  ...value,
                  envs: on ? [...value.envs, env] : value.envs.filter((x) => x !== env),
                });
              }}
            />
            {env}
          </label>
        ))}
      </div>
      <label>
        Tools <span class="muted">(comma-separated, * wildcard; empty: any)</span>
        <input
          name="tools"
          value={value.tools}
          placeholder="kubectl, git, mcp:github"
          onInput={(e) => {
            onChange({ ...value, tools: e.currentTarget.value });
          }}
        />
      </label>
      <label>
        Paths <span class="muted">(absolute prefixes; empty: any)</span>
        <input
          name="paths"
          value={value.paths}
          placeholder="/home/dev/repo"
          onInput={(e) => {
            onChange({ ...value, paths: e.currentTarget.value });
          }}
        />
      </label>
    </fieldset>
  );
}
