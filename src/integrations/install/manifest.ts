/**
 * The install manifest (`<state>/install-manifest.json`): one record per config file Portcullis changed, with
 * what uninstall needs to put it back exactly — whether the file existed, its mode, the backup of its bytes
 * before Portcullis first touched it, the directories install created, and the hash of the bytes Portcullis
 * wrote. Uninstall restores the backup only when the file still hashes to what Portcullis wrote (nobody changed
 * it since); otherwise it removes Portcullis' own entries and nothing else.
 */
import { join } from 'node:path';
import * as z from 'zod/mini';
import { AGENTS } from '../hooks/adapter.js';
import { InstallError, SCOPES } from './context.js';
import { makeDirs, readIfExists, writeAtomic } from './files.js';

const InstallRecord = z.object({
  agent: z.enum(AGENTS),
  scope: z.enum(SCOPES),
  /** The config file (real path). */
  path: z.string(),
  /** It existed before the first install. */
  existed: z.boolean(),
  /** Its permission bits before the first install (null when it did not exist). */
  mode: z.nullable(z.number()),
  /** The backup of its bytes before install (null when it did not exist). */
  backup: z.nullable(z.string()),
  /** Restoring `backup` (or deleting the file) is the exact undo of everything Portcullis did to it. */
  exact: z.boolean(),
  /** sha256 of the bytes Portcullis last wrote. */
  sha256: z.string(),
  /** Directories the first install created for it, outermost first. */
  createdDirs: z.array(z.string()),
  installedAt: z.string(),
  updatedAt: z.string(),
});
/** One config file Portcullis installed into. */
export type InstallRecord = z.infer<typeof InstallRecord>;

const Manifest = z.object({ version: z.literal(1), installs: z.array(InstallRecord) });
/** The whole manifest file. */
export type Manifest = z.infer<typeof Manifest>;

/** The manifest's file name inside the state directory. */
export const MANIFEST_FILE = 'install-manifest.json';

/** The manifest in `state`, or an empty one. A manifest that does not validate is an error, never ignored. */
export function loadManifest(state: string): Manifest {
  const path = join(state, MANIFEST_FILE);
  const bytes = readIfExists(path);
  if (bytes === undefined) return { version: 1, installs: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success)
    throw new InstallError(
      'install/unparsable',
      `${path} is not a valid Portcullis install manifest; move it aside to continue (uninstall then removes only Portcullis' entries).`,
    );
  return parsed.data;
}

/** Write the manifest atomically, readable by its owner only. */
export function saveManifest(state: string, manifest: Manifest): void {
  makeDirs(state);
  writeAtomic(join(state, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, 0o600);
}
