/**
 * `portcullis uninstall`: take Portcullis out of an agent's configuration. A file nobody touched since install is
 * put back byte for byte (the backup restored with its mode, or the file and the directories install created
 * removed); a file someone changed since keeps their changes and loses only Portcullis' entries. Files holding a
 * Portcullis hook that the manifest does not know (installed by hand, or a lost manifest) are cleaned the same
 * way.
 */
import { readFileSync } from 'node:fs';
import type { AgentName } from '../hooks/adapter.js';
import { SETUPS } from './agents.js';
import { InstallError, stateDir, type InstallContext, type Scope } from './context.js';
import {
  readIfExists,
  removeEmptyDirs,
  removeFile,
  sha256,
  writablePath,
  writeAtomic,
  writeBackup,
  modeOf,
} from './files.js';
import { isPortcullisEntry, isPortcullisPluginText } from './hook-command.js';
import { parseJsonConfig, serializeJson } from './json-shapes.js';
import { loadManifest, saveManifest, type InstallRecord } from './manifest.js';

/** What uninstall does to one file. */
export interface UninstallStep {
  agent: AgentName;
  scope: Scope;
  path: string;
  /**
   * restore: the backup goes back byte for byte; delete: install created the file, it goes (with the
   * directories install created); strip: only Portcullis' entries are removed; forget: the file is gone already,
   * only the manifest record goes.
   */
  action: 'restore' | 'delete' | 'strip' | 'forget';
  /** restore: the backup; strip: where the current bytes are saved first (set when applied). */
  backup?: string;
  /** strip: the new contents. */
  after?: string;
  /** Entries of ours that go. */
  removed: number;
  record?: InstallRecord;
}

function trivial(doc: object, skeleton: object): boolean {
  return Object.keys(doc).length === 0 || JSON.stringify(doc) === JSON.stringify(skeleton);
}

function stepFor(
  agent: AgentName,
  scope: Scope,
  path: string,
  rec: InstallRecord | undefined,
): UninstallStep | undefined {
  const base = { agent, scope, path, ...(rec ? { record: rec } : {}) };
  const bytes = readIfExists(path);
  if (bytes === undefined) return rec ? { ...base, action: 'forget', removed: 0 } : undefined;
  if (rec?.exact === true && sha256(bytes) === rec.sha256) {
    if (!rec.existed) return { ...base, action: 'delete', removed: 1 };
    if (rec.backup !== null && readIfExists(rec.backup) !== undefined)
      return { ...base, action: 'restore', backup: rec.backup, removed: 1 };
  }
  const setup = SETUPS[agent];
  const created = rec !== undefined && !rec.existed;
  if (!setup.shape) {
    if (!isPortcullisPluginText(bytes.toString('utf8')))
      return rec ? { ...base, action: 'forget', removed: 0 } : undefined;
    return { ...base, action: 'delete', removed: 1 };
  }
  let doc;
  try {
    doc = parseJsonConfig(bytes.toString('utf8'), path);
  } catch (err) {
    // A file of someone else's that does not parse holds nothing of ours we could find; one we wrote must.
    if (rec) throw err;
    return undefined;
  }
  const out = setup.shape.remove(doc, (c) => isPortcullisEntry(c, agent));
  if (out.removed === 0) return rec ? { ...base, action: 'forget', removed: 0 } : undefined;
  if (created && trivial(out.doc, setup.skeleton))
    return { ...base, action: 'delete', removed: out.removed };
  return { ...base, action: 'strip', after: serializeJson(out.doc), removed: out.removed };
}

/** What uninstalling `agent` at `scope` would do. Throws when the agent has no such scope. */
export function planUninstall(
  agent: AgentName,
  scope: Scope,
  ctx: InstallContext,
): UninstallStep[] {
  const candidates = SETUPS[agent].candidates(scope, ctx);
  if (!candidates) throw new InstallError('install/no-scope', `no ${scope} scope for ${agent}`);
  const records = loadManifest(stateDir(scope, ctx)).installs.filter(
    (r) => r.agent === agent && r.scope === scope,
  );
  const paths = [...new Set([...candidates.map(writablePath), ...records.map((r) => r.path)])];
  const steps: UninstallStep[] = [];
  for (const path of paths) {
    const step = stepFor(
      agent,
      scope,
      path,
      records.find((r) => r.path === path),
    );
    if (step) steps.push(step);
  }
  return steps;
}

/** Carry out `steps`; returns them with the backups taken of files that were stripped. */
export function applyUninstall(
  steps: readonly UninstallStep[],
  scope: Scope,
  ctx: InstallContext,
): UninstallStep[] {
  const state = stateDir(scope, ctx);
  const manifest = loadManifest(state);
  const now = ctx.now();
  const done: UninstallStep[] = [];
  for (const step of steps) {
    const rec = step.record;
    switch (step.action) {
      case 'restore': {
        const backup = step.backup ?? '';
        writeAtomic(step.path, readFileSync(backup), rec?.mode ?? modeOf(step.path) ?? 0o644);
        done.push(step);
        break;
      }
      case 'delete':
        removeFile(step.path);
        if (rec) removeEmptyDirs(rec.createdDirs);
        done.push(step);
        break;
      case 'strip': {
        const bytes = readFileSync(step.path);
        const backup = writeBackup(state, step.path, bytes, now);
        writeAtomic(step.path, step.after ?? '', modeOf(step.path) ?? 0o644);
        done.push({ ...step, backup });
        break;
      }
      case 'forget':
        done.push(step);
        break;
    }
    manifest.installs = manifest.installs.filter((r) => r.path !== step.path);
  }
  if (steps.some((s) => s.record)) saveManifest(state, manifest);
  return done;
}
