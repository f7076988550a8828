/**
 * Finding every Portcullis hook an agent would run: each agent's config files in every scope, read the way
 * install writes them, plus the install manifests (a file Portcullis installed into that no longer holds its
 * hook was changed by someone — possibly an agent routing around the gate).
 */
import { realpathSync } from 'node:fs';
import { AGENTS, type AgentName } from '../hooks/adapter.js';
import { SETUPS } from './agents.js';
import { SCOPES, stateDir, type InstallContext, type Scope } from './context.js';
import { readIfExists, writablePath } from './files.js';
import { isPortcullisEntry, isPortcullisPluginText } from './hook-command.js';
import { parseJsonConfig, type FoundHook } from './json-shapes.js';
import { loadManifest, type InstallRecord } from './manifest.js';

/** A Portcullis hook in an agent's config. */
export interface InstalledHook extends FoundHook {
  agent: AgentName;
  scope: Scope;
  /** The config file (OpenCode: the plugin file). */
  path: string;
  kind: 'json' | 'text';
}

/** A file the manifest says holds a Portcullis hook, which no longer does. */
export interface LostHook {
  record: InstallRecord;
  why: string;
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return writablePath(path);
  }
}

/** Read a config file; one we may not read (another user's, root's 0600) holds nothing we can check. */
function readable(path: string): Buffer | undefined {
  try {
    return readIfExists(path);
  } catch {
    return undefined;
  }
}

function hooksIn(agent: AgentName, scope: Scope, path: string): InstalledHook[] {
  const bytes = readable(path);
  if (bytes === undefined) return [];
  const text = bytes.toString('utf8');
  const shape = SETUPS[agent].shape;
  if (!shape) {
    return isPortcullisPluginText(text)
      ? [
          {
            agent,
            scope,
            path,
            kind: 'text',
            event: 'plugin',
            handler: {},
            matcher: undefined,
            command: path,
          },
        ]
      : [];
  }
  let doc;
  try {
    doc = parseJsonConfig(text, path);
  } catch {
    return [];
  }
  return shape
    .find(doc, (c) => isPortcullisEntry(c, agent))
    .map((f) => ({ ...f, agent, scope, path, kind: 'json' as const }));
}

/** Every installed Portcullis hook, all agents and scopes, each config file once (first scope wins). */
export function discoverHooks(ctx: InstallContext): { hooks: InstalledHook[]; lost: LostHook[] } {
  const seen = new Set<string>();
  const hooks: InstalledHook[] = [];
  for (const scope of SCOPES) {
    for (const agent of AGENTS) {
      for (const candidate of SETUPS[agent].candidates(scope, ctx) ?? []) {
        const path = real(candidate);
        if (seen.has(`${agent}\0${path}`)) continue;
        seen.add(`${agent}\0${path}`);
        hooks.push(...hooksIn(agent, scope, path));
      }
    }
  }
  const lost: LostHook[] = [];
  const states = new Set(SCOPES.map((s) => stateDir(s, ctx)));
  for (const state of states) {
    let records: InstallRecord[];
    try {
      records = loadManifest(state).installs;
    } catch {
      continue;
    }
    for (const record of records) {
      if (hooks.some((h) => h.agent === record.agent && h.path === real(record.path))) continue;
      const exists = readable(record.path) !== undefined;
      lost.push({
        record,
        why: exists
          ? `${record.path} no longer holds the Portcullis hook Portcullis installed`
          : `${record.path}, where Portcullis installed its hook, is gone`,
      });
    }
  }
  return { hooks, lost };
}
