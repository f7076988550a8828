/**
 * The environment a brokered command runs in: a fixed base (a safe PATH, a private HOME, LANG, TERM, USER) plus
 * the bound credentials, and nothing from the gate's own environment. HOME is an empty directory made for the run,
 * so the command cannot pick up the gate user's own dotfiles (`~/.aws`, `~/.kube`, `~/.pgpass`, `~/.ssh`): the
 * bindings are its only credentials. `files` bindings are written 0600 into the same private (0700) directory,
 * which is removed after the run.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { isForbiddenEnvName } from '../gate/config.js';
import type { MatchedCredentials } from './bindings.js';
import { BrokerError } from './errors.js';
import { redactionValues } from './redact-stream.js';

/** The only PATH a brokered command sees (the gate's own PATH may point into directories an agent can write). */
export const SAFE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The gate's user name, from the password database (not from `$USER`, which is the gate's environment). */
function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'portcullis';
  }
}

/** The fixed variables every run gets. */
export function baseEnv(home: string): Record<string, string> {
  return { PATH: SAFE_PATH, HOME: home, LANG: 'C.UTF-8', TERM: 'dumb', USER: userName() };
}

export interface PreparedRun {
  /** The complete environment of the child: {@link baseEnv} plus the credentials. */
  env: Record<string, string>;
  /** Strings to redact from the output (each secret and its printable pieces). */
  redact: string[];
  /** The run's private directory (HOME and credential files live under it). */
  dir: string;
  /** Remove the directory and everything in it. */
  cleanup(): Promise<void>;
}

/**
 * Build the environment for one run: read each secret once through `read` (undefined = not in the vault: the run
 * is refused, naming the secret), write file secrets, refuse any forbidden name (defence in depth: the config
 * schema refuses them first).
 */
export async function prepareCredentials(
  matched: MatchedCredentials,
  read: (secret: string) => Promise<string | undefined>,
): Promise<PreparedRun> {
  if (matched.conflicts.length > 0) {
    throw new BrokerError(
      'broker/binding-conflict',
      `bindings disagree on ${matched.conflicts.join(', ')}: nothing was run`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'portcullis-run-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const home = join(dir, 'home');
    const creds = join(dir, 'credentials');
    await mkdir(home, { mode: 0o700 });
    await mkdir(creds, { mode: 0o700 });
    const env = baseEnv(home);
    const redact: string[] = [];
    const values = new Map<string, string>();
    const value = async (secret: string): Promise<string> => {
      let v = values.get(secret);
      if (v === undefined) {
        v = await read(secret);
        if (v === undefined) {
          throw new BrokerError(
            'broker/missing-secret',
            `a binding needs the secret ${secret}, which is not in the vault: nothing was run`,
          );
        }
        values.set(secret, v);
        redact.push(...redactionValues(v));
      }
      return v;
    };
    const claim = (name: string): void => {
      if (isForbiddenEnvName(name) || name in env) {
        throw new BrokerError('broker/binding-conflict', `a binding may not set ${name}`);
      }
    };
    for (const [name, secret] of Object.entries(matched.vars)) {
      claim(name);
      const v = await value(secret);
      if (v.includes('\0')) {
        throw new BrokerError(
          'broker/missing-secret',
          `secret ${secret} cannot be an environment value`,
        );
      }
      env[name] = v;
    }
    const written = new Map<string, string>();
    for (const [name, secret] of Object.entries(matched.files)) {
      claim(name);
      let path = written.get(secret);
      if (path === undefined) {
        path = join(creds, secret);
        await writeFile(path, await value(secret), { mode: 0o600, flag: 'wx' });
        written.set(secret, path);
      }
      env[name] = path;
    }
    return { env, redact, dir, cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
