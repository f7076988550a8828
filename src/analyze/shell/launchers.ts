/**
 * Launchers: programs that run a named tool inside an environment (`npx prisma ...`, `bundle exec rails ...`,
 * `aws-vault exec prod -- aws ...`, `poetry run python ...`). Like wrappers, the launched tool is what is judged.
 */
import type { Word } from '../model.js';
import type { Unwrapped } from './unwrap.js';

interface LauncherSpec {
  /** Sub-command words that must follow the program (`exec`, `run`); empty when none. */
  sub: readonly string[];
  /** Options that take a value. */
  value?: readonly string[];
  /** Positional arguments consumed before the payload (aws-vault's profile, direnv's dir). */
  positionals?: number;
  /** Options whose value is a shell script. */
  script?: readonly string[];
  /** Env variable set from the first consumed positional (aws-vault exec PROFILE → AWS_PROFILE). */
  positionalEnv?: string;
}

const LAUNCHERS: Readonly<Record<string, readonly LauncherSpec[]>> = {
  npx: [{ sub: [], value: ['-p', '--package', '--registry', '--cache', '--userconfig'], script: ['-c', '--call'] }],
  pnpx: [{ sub: [], value: ['-p', '--package'] }],
  bunx: [{ sub: [], value: ['-p', '--package'] }],
  npm: [
    { sub: ['exec'], value: ['-p', '--package', '-w', '--workspace'], script: ['-c', '--call'] },
    { sub: ['x'], value: ['-p', '--package', '-w', '--workspace'], script: ['-c', '--call'] },
  ],
  pnpm: [
    { sub: ['exec'], value: ['-C', '--dir', '--filter', '-F'] },
    { sub: ['dlx'], value: ['-p', '--package'] },
  ],
  yarn: [{ sub: ['exec'] }, { sub: ['dlx'], value: ['-p', '--package'] }],
  bun: [{ sub: ['x'] }, { sub: ['exec'] }],
  uv: [{ sub: ['run'], value: ['--with', '--python', '-p', '--project', '--directory', '--env-file', '--package', '--extra', '--group', '--index', '--from'] }],
  uvx: [{ sub: [], value: ['--with', '--python', '-p', '--from', '--index'] }],
  pipx: [{ sub: ['run'], value: ['--spec', '--python', '--pip-args'] }],
  poetry: [{ sub: ['run'], value: ['-C', '--directory', '-P', '--project'] }],
  pipenv: [{ sub: ['run'] }],
  pdm: [{ sub: ['run'], value: ['-p', '--project'] }],
  hatch: [{ sub: ['run'], value: ['-e', '--env'] }],
  rye: [{ sub: ['run'] }],
  conda: [{ sub: ['run'], value: ['-n', '--name', '-p', '--prefix', '--cwd'] }],
  mamba: [{ sub: ['run'], value: ['-n', '--name', '-p', '--prefix', '--cwd'] }],
  micromamba: [{ sub: ['run'], value: ['-n', '--name', '-p', '--prefix', '--cwd'] }],
  bundle: [{ sub: ['exec'], value: ['--gemfile'] }],
  op: [{ sub: ['run'], value: ['--env-file', '--account'] }],
  doppler: [{ sub: ['run'], value: ['-p', '--project', '-c', '--config', '--token', '--command'], script: ['--command'] }],
  infisical: [{ sub: ['run'], value: ['--env', '--path', '--projectId', '--token', '--command'], script: ['--command'] }],
  'aws-vault': [{ sub: ['exec'], value: ['-d', '--duration', '-r', '--region', '-t', '--mfa-token'], positionals: 1, positionalEnv: 'AWS_PROFILE' }],
  dotenv: [{ sub: [], value: ['-e', '-f', '-v', '-c'] }],
  'dotenvx': [{ sub: ['run'], value: ['-f', '--env-file', '-e', '--env'] }],
  direnv: [{ sub: ['exec'], positionals: 1 }],
  'nix-shell': [{ sub: [], value: ['-p', '--packages', '-A', '-I', '--arg', '--argstr'], script: ['--run', '--command'] }],
  nix: [{ sub: ['develop'], value: ['-I', '--profile'], script: ['-c', '--command'] }, { sub: ['shell'], script: ['-c', '--command'] }],
  devbox: [{ sub: ['run'], value: ['-c', '--config', '-e', '--env'] }],
  mise: [{ sub: ['exec'], value: ['-C', '--cd'] }, { sub: ['x'], value: ['-C', '--cd'] }],
  asdf: [{ sub: ['exec'] }],
  dotnet: [{ sub: ['tool', 'run'] }],
  kubectx: [],
};

/** Unwrap a launcher invocation; undefined when `name args` is not one. */
export function unwrapLauncher(name: string, args: readonly Word[]): Unwrapped | undefined {
  const specs = LAUNCHERS[name];
  if (!specs) return undefined;
  for (const spec of specs) {
    if (!spec.sub.every((s, i) => args[i]?.text === s)) continue;
    const value = new Set([...(spec.value ?? []), ...(spec.script ?? [])]);
    const scriptOpts = new Set(spec.script ?? []);
    const env: Record<string, string> = {};
    let positionals = spec.positionals ?? 0;
    let i = spec.sub.length;
    for (; i < args.length; i++) {
      const a = args[i]?.text ?? '';
      if (a === '--') {
        i++;
        break;
      }
      if (a.startsWith('-') && a.length > 1) {
        const eq = a.indexOf('=');
        const key = eq > 0 ? a.slice(0, eq) : a;
        const v = eq > 0 ? a.slice(eq + 1) : value.has(key) ? (args[++i]?.text ?? '') : undefined;
        if (scriptOpts.has(key) && v !== undefined) {
          return { payload: [], via: `${name} ${spec.sub.join(' ')}`.trim(), script: v, env };
        }
        continue;
      }
      if (positionals > 0) {
        if (spec.positionalEnv) env[spec.positionalEnv] = a;
        positionals--;
        continue;
      }
      break;
    }
    const payload = args.slice(i);
    const via = `${name} ${spec.sub.join(' ')}`.trim();
    if (payload.length === 0) return { payload: [], via, inert: true, env };
    return { payload, via, env };
  }
  return undefined;
}
