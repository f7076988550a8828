/**
 * Wrappers: programs that run another program (sudo, env, timeout, nice, xargs, find -exec ...). Each entry says
 * how to find the payload so the payload, not the wrapper, is judged.
 */
import type { Word } from '../model.js';

export interface Unwrapped {
  /** The program and arguments that actually run. */
  payload: Word[];
  /** Label recorded in the action's via path. */
  via: string;
  /** Variables the wrapper sets for the payload (env VAR=x, sudo VAR=x). */
  env?: Record<string, string>;
  /** Working directory the wrapper switches to (env -C, sudo -D). */
  cwd?: string;
  /** The payload is a shell script string rather than an argv (watch 'cmd', su -c 'cmd', env -S). */
  script?: string;
  /** The wrapper itself is only a lookup or a no-op (command -v, sudo -l): nothing runs. */
  inert?: boolean;
}

interface Spec {
  /** Options that take a value. */
  value?: readonly string[];
  /** Number of positional arguments consumed before the payload (timeout's DURATION, chroot's NEWROOT). */
  positionals?: number;
  /** NAME=value words before the payload are environment assignments. */
  assignments?: boolean;
  /** Options after which nothing runs (lists, lookups). */
  inert?: readonly string[];
  /** Options whose value is a shell script to run. */
  script?: readonly string[];
  /** Options that set the payload's working directory. */
  chdir?: readonly string[];
  /** Options that turn the joined payload into `sh -c` (sudo -s/-i with a command). */
  shell?: readonly string[];
}

const SPECS: Readonly<Record<string, Spec>> = {
  sudo: {
    value: ['-u', '-g', '-h', '-p', '-C', '-r', '-t', '-T', '-U', '-R', '--user', '--group', '--host',
      '--prompt', '--close-from', '--role', '--type', '--command-timeout', '--other-user', '--chroot'],
    chdir: ['-D', '--chdir'],
    assignments: true,
    inert: ['-l', '--list', '-v', '--validate', '-k', '-K', '--reset-timestamp', '--remove-timestamp', '-V', '--version', '-h', '--help'],
    shell: ['-s', '--shell', '-i', '--login'],
  },
  doas: { value: ['-u', '-C'], shell: ['-s'] },
  run0: { value: ['-u', '--user', '-g', '--group', '--unit', '--property', '--description', '--slice', '--nice', '--setenv', '--background'], chdir: ['-D', '--chdir'] },
  pkexec: { value: ['--user'] },
  runuser: { value: ['-u', '--user', '-g', '--group', '-G', '--supp-group', '-s', '--shell', '-w', '--whitelist-environment'], script: ['-c', '--command'] },
  su: { value: ['-s', '--shell', '-g', '--group', '-G', '--supp-group', '-w', '--whitelist-environment'], script: ['-c', '--command', '--session-command'], positionals: 1 },
  env: { value: ['-u', '--unset', '-P', '-a', '--argv0'], chdir: ['-C', '--chdir'], script: ['-S', '--split-string'], assignments: true },
  timeout: { value: ['-s', '--signal', '-k', '--kill-after'], positionals: 1 },
  nice: { value: ['-n', '--adjustment'] },
  renice: { value: ['-n', '-g', '-p', '-u'], inert: ['-p', '-g', '-u'] },
  ionice: { value: ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid'], inert: ['-p', '--pid', '-P', '--pgid', '-u', '--uid'] },
  chrt: { value: ['-T', '-P', '-D'], positionals: 1 },
  taskset: { value: ['--cpu-list'], positionals: 1 },
  nohup: {},
  stdbuf: { value: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  setsid: {},
  time: { value: ['-f', '--format', '-o', '--output'] },
  command: { inert: ['-v', '-V'] },
  builtin: {},
  exec: { value: ['-a'] },
  chroot: { value: ['--userspec', '--groups'], positionals: 1 },
  nsenter: { value: ['-t', '--target', '-S', '--setuid', '-G', '--setgid', '-w', '--wd', '-r', '--root'] },
  unshare: { value: ['--propagation', '--setgroups', '--map-user', '--map-group'] },
  'systemd-run': { value: ['-u', '--unit', '-p', '--property', '-E', '--setenv', '--uid', '--gid', '-M', '--machine', '--slice', '--description', '--nice', '-H', '--host', '--on-active', '--on-calendar', '--timer-property', '--working-directory'] },
  strace: { value: ['-o', '-p', '-e', '-s', '-E', '-u', '-O', '-S', '-P', '-b', '-a', '-I', '-X'] },
  ltrace: { value: ['-o', '-p', '-e', '-s', '-u', '-n', '-a', '-l'] },
  unbuffer: {},
  caffeinate: { value: ['-t', '-w'] },
  proxychains: { value: ['-f'] },
  proxychains4: { value: ['-f'] },
  torsocks: {},
  fakeroot: {},
  firejail: {},
  'xvfb-run': { value: ['-n', '--server-num', '-s', '--server-args', '-f', '--auth-file', '-e', '--error-file', '-p', '--xauth-protocol'] },
  'dbus-run-session': {},
  flatpak_spawn: {},
  'flatpak-spawn': {},
  catchsegv: {},
  valgrind: {},
  gdb: { inert: ['-p', '--pid'] },
  entr: {},
  'with-contenv': {},
  gosu: { positionals: 1 },
  'su-exec': { positionals: 1 },
  chpst: { value: ['-u', '-U', '-e', '-/', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c'] },
  'start-stop-daemon': {},
  watchexec: { value: ['-w', '--watch', '-e', '--exts', '-f', '--filter', '-i', '--ignore', '-d', '--debounce', '-s', '--signal'] },
};

function splitAssignment(text: string): [string, string] | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(text);
  return m ? [m[1] ?? '', m[2] ?? ''] : undefined;
}

/** Names of the simple wrappers this table knows. */
export function isSimpleWrapper(name: string): boolean {
  return Object.hasOwn(SPECS, name);
}

/**
 * Unwrap one level of a simple wrapper. Returns undefined when `name` is not a wrapper.
 * Unknown options are taken as flags: a wrapper's payload starts at its first non-option word.
 */
interface CompiledSpec {
  value: ReadonlySet<string>;
  chdir: ReadonlySet<string>;
  scriptOpts: ReadonlySet<string>;
  inertOpts: ReadonlySet<string>;
  shellOpts: ReadonlySet<string>;
}

const COMPILED = new Map<string, CompiledSpec>(
  Object.entries(SPECS).map(([name, spec]) => [
    name,
    {
      value: new Set(spec.value ?? []),
      chdir: new Set(spec.chdir ?? []),
      scriptOpts: new Set(spec.script ?? []),
      inertOpts: new Set(spec.inert ?? []),
      shellOpts: new Set(spec.shell ?? []),
    },
  ]),
);

export function unwrapSimple(name: string, args: readonly Word[]): Unwrapped | undefined {
  const spec = SPECS[name];
  const compiled = COMPILED.get(name);
  if (!spec || !compiled) return undefined;
  const env: Record<string, string> = {};
  let cwd: string | undefined;
  let script: string | undefined;
  let shell = false;
  let positionals = spec.positionals ?? 0;
  const { value, chdir, scriptOpts, inertOpts, shellOpts } = compiled;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]?.text ?? '';
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      const eq = a.startsWith('--') ? a.indexOf('=') : -1;
      const key = eq > 0 ? a.slice(0, eq) : a;
      const takes = value.has(key) || chdir.has(key) || scriptOpts.has(key);
      let v: string | undefined;
      if (eq > 0) v = a.slice(eq + 1);
      else if (takes) v = args[++i]?.text ?? '';
      if (inertOpts.has(key)) return { payload: [], via: name, inert: true };
      if (chdir.has(key)) cwd = v;
      if (scriptOpts.has(key)) script = v;
      if (shellOpts.has(key)) shell = true;
      // Bundled short flags: `sudo -iu root` style; only the first letter may take a value.
      if (!takes && !a.startsWith('--') && a.length > 2) {
        for (const ch of a.slice(1)) {
          const flag = `-${ch}`;
          if (inertOpts.has(flag)) return { payload: [], via: name, inert: true };
          if (shellOpts.has(flag)) shell = true;
          if (value.has(flag) || scriptOpts.has(flag)) {
            const vv = args[++i]?.text ?? '';
            if (scriptOpts.has(flag)) script = vv;
            break;
          }
        }
      }
      continue;
    }
    if (name === 'nice' && /^-\d+$/.test(a)) continue;
    if (spec.assignments) {
      const kv = splitAssignment(a);
      if (kv) {
        env[kv[0]] = kv[1];
        continue;
      }
    }
    if (name === 'su' && a === '-') continue;
    if (positionals > 0) {
      positionals--;
      continue;
    }
    break;
  }
  const payload = args.slice(i);
  if (script !== undefined) {
    return { payload: [], via: `${name} -c`, script, env, cwd };
  }
  if (shell && payload.length > 0) {
    return { payload: [], via: `${name} -s`, script: payload.map((w) => w.text).join(' '), env, cwd };
  }
  if (payload.length === 0) return { payload: [], via: name, inert: true, env, cwd };
  return { payload, via: name, env, cwd };
}

/** `watch [opts] cmd...`: the command is run through `sh -c` unless -x/--exec. */
export function unwrapWatch(args: readonly Word[]): Unwrapped {
  const value = new Set(['-n', '--interval', '-d', '--differences', '-q', '--equexit', '-g', '-e']);
  let exec = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]?.text ?? '';
    if (!a.startsWith('-')) break;
    if (a === '-x' || a === '--exec') exec = true;
    if (value.has(a) && a !== '-d' && a !== '--differences' && a !== '-g' && a !== '-e') i++;
  }
  const payload = args.slice(i);
  if (exec) return { payload, via: 'watch -x' };
  return { payload: [], via: 'watch', script: payload.map((w) => w.text).join(' ') };
}

/** `flock [opts] FILE cmd...` or `flock [opts] FILE -c 'cmd'`. */
export function unwrapFlock(args: readonly Word[]): Unwrapped {
  const value = new Set(['-w', '--timeout', '-E', '--conflict-exit-code']);
  const words = [...args];
  let i = 0;
  let script: string | undefined;
  let file = false;
  for (; i < words.length; i++) {
    const a = words[i]?.text ?? '';
    if (a === '-c' || a === '--command') {
      script = words[i + 1]?.text ?? '';
      break;
    }
    if (a.startsWith('-')) {
      if (value.has(a)) i++;
      continue;
    }
    if (!file) {
      file = true;
      continue;
    }
    break;
  }
  if (script !== undefined) return { payload: [], via: 'flock -c', script };
  const payload = words.slice(i);
  return payload.length > 0 ? { payload, via: 'flock' } : { payload: [], via: 'flock', inert: true };
}

/** `tmux new-session|new-window|split-window|run-shell|send-keys ... 'cmd'` and `screen -dm cmd`. */
export function unwrapTerminal(name: string, args: readonly Word[]): Unwrapped {
  if (name === 'screen') {
    const value = new Set(['-S', '-c', '-e', '-h', '-L', '-Logfile', '-p', '-T', '-t', '-X']);
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]?.text ?? '';
      if (!a.startsWith('-')) break;
      if (a === '-X') return { payload: args.slice(i + 1), via: 'screen -X', inert: true };
      if (value.has(a)) i++;
    }
    const payload = args.slice(i);
    return payload.length ? { payload, via: 'screen' } : { payload: [], via: 'screen', inert: true };
  }
  const sub = args[0]?.text ?? '';
  const rest = args.slice(1);
  const runs: Readonly<Record<string, string[]>> = {
    'new-session': ['-c', '-e', '-F', '-f', '-n', '-s', '-t', '-x', '-y'],
    new: ['-c', '-e', '-F', '-f', '-n', '-s', '-t', '-x', '-y'],
    'new-window': ['-c', '-e', '-F', '-n', '-t'],
    neww: ['-c', '-e', '-F', '-n', '-t'],
    'split-window': ['-c', '-e', '-F', '-l', '-t'],
    splitw: ['-c', '-e', '-F', '-l', '-t'],
    'respawn-pane': ['-c', '-e', '-t'],
    'run-shell': ['-d', '-t', '-c'],
    run: ['-d', '-t', '-c'],
    'send-keys': ['-t', '-N'],
    send: ['-t', '-N'],
  };
  const value = runs[sub];
  if (!value) return { payload: [], via: 'tmux', inert: true };
  let i = 0;
  for (; i < rest.length; i++) {
    const a = rest[i]?.text ?? '';
    if (!a.startsWith('-')) break;
    if (value.includes(a)) i++;
  }
  let words = rest.slice(i).map((w) => w.text);
  if (sub === 'send-keys' || sub === 'send') {
    // Key names end a line; literal text is typed into the pane's shell.
    words = words.filter((k) => !/^(Enter|C-m|C-j|KPEnter|Escape|C-c|C-d)$/.test(k));
  }
  if (words.length === 0) return { payload: [], via: `tmux ${sub}`, inert: true };
  return { payload: [], via: `tmux ${sub}`, script: words.join(' ') };
}
