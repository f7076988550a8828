/**
 * Temporary worlds for install/uninstall/doctor tests: a home, a project, an /etc and a state directory under one
 * mkdtemp root, never the real ones. `snapshot` captures a tree byte for byte (with modes) to prove round trips.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { InstallContext } from './context.js';

/** The bundled CLI (`npm test` builds it first). */
export const BUILT_CLI = new URL('../../../dist/portcullis.mjs', import.meta.url).pathname;

export interface World {
  root: string;
  ctx: InstallContext;
  cleanup: () => void;
  /** Write a file (creating directories) relative to the root. */
  put: (rel: string, text: string, mode?: number) => string;
}

/**
 * A fresh world. With `realCli`, hooks run the built CLI; otherwise a stand-in file at
 * `<root>/opt/portcullis/dist/portcullis.mjs` (install only checks it exists).
 */
export function makeWorld(options: { realCli?: boolean } = {}): World {
  const root = mkdtempSync(join(tmpdir(), 'portcullis-install-'));
  const put = (rel: string, text: string, mode = 0o644): string => {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { mode });
    return path;
  };
  for (const d of ['home', 'project', 'etc']) mkdirSync(join(root, d));
  let cliPath = BUILT_CLI;
  if (options.realCli !== true) {
    cliPath = put('opt/portcullis/dist/portcullis.mjs', '// stand-in\n');
    put('opt/portcullis/dist/integrations/hooks/opencode.js', '// stand-in\n');
  }
  let tick = Date.UTC(2026, 10, 26, 10, 0, 0);
  const ctx: InstallContext = {
    home: join(root, 'home'),
    projectDir: join(root, 'project'),
    etcDir: join(root, 'etc'),
    env: {},
    nodePath: process.execPath,
    cliPath,
    now: () => new Date((tick += 1000)),
    stateDirOverride: join(root, 'state'),
  };
  return {
    root,
    ctx,
    put,
    cleanup: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every file and directory under `dir`: relative path → contents (hex) and mode. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const mode = (statSync(p).mode & 0o777).toString(8);
      if (e.isDirectory()) {
        out[`${relative(dir, p)}/`] = mode;
        walk(p);
      } else out[relative(dir, p)] = `${mode} ${readFileSync(p).toString('hex')}`;
    }
  };
  walk(dir);
  return out;
}

/** Files under `dir`, relative paths, sorted. */
export function filesUnder(dir: string): string[] {
  return Object.keys(snapshot(dir))
    .filter((k) => !k.endsWith('/'))
    .sort();
}
