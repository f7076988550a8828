/**
 * Payload expansion for the wrappers that take their targets from elsewhere: xargs (stdin), find (-exec,
 * -execdir, -ok, -delete) and GNU parallel (::: arguments or stdin).
 */
import type { Producer, Word } from '../model.js';

export interface Expanded {
  /** Each argv to run (bounded), with its via label. */
  runs: Word[][];
  via: string;
}

const MAX_RUNS = 16;

function items(stdin: Producer | undefined, nul: boolean, delimiter?: string): Word[] {
  if (stdin?.kind === 'dynamic' && stdin.source === 'find' && stdin.partial) {
    // Paths printed by find: the representative match stands for all of them.
    return [{ text: stdin.partial, dynamic: false }];
  }
  if (stdin?.kind !== 'text') {
    return [{ text: '$(stdin)', dynamic: true }];
  }
  const sep = nul ? '\0' : delimiter;
  const parts = sep ? stdin.text.split(sep) : stdin.text.split(/\s+/);
  return parts.filter((p) => p.length > 0).map((text) => ({ text, dynamic: false }));
}

/** `... | xargs [opts] cmd args` */
export function expandXargs(args: readonly Word[], stdin: Producer | undefined): Expanded {
  const value = new Set(['-I', '-d', '-E', '-e', '-L', '-l', '-n', '-P', '-s', '-a', '--arg-file',
    '--delimiter', '--max-args', '--max-procs', '--replace', '--eof', '--max-lines', '--max-chars', '--process-slot-var']);
  let replace: string | undefined;
  let nul = false;
  let delimiter: string | undefined;
  let fromFile = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]?.text ?? '';
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    if (a === '-0' || a === '--null') nul = true;
    else if (a === '-I' || a === '--replace') replace = args[++i]?.text ?? '{}';
    else if (a.startsWith('-I')) replace = a.slice(2);
    else if (a.startsWith('--replace=')) replace = a.slice(10);
    else if (a === '-i') replace = '{}';
    else if (a.startsWith('-i')) replace = a.slice(2);
    else if (a === '-d' || a === '--delimiter') delimiter = args[++i]?.text;
    else if (a === '-a' || a === '--arg-file') {
      fromFile = true;
      i++;
    } else if (value.has(a)) i++;
  }
  const payload: Word[] = args.slice(i);
  if (payload.length === 0) payload.push({ text: 'echo', dynamic: false });
  const inputs = fromFile ? [{ text: '$(file)', dynamic: true }] : items(stdin, nul, delimiter);
  if (replace !== undefined) {
    const r = replace;
    const runs = inputs.slice(0, MAX_RUNS).map((item) =>
      payload.map((w) =>
        w.text.includes(r)
          ? { text: w.text.split(r).join(item.text), dynamic: w.dynamic || item.dynamic }
          : w,
      ),
    );
    return { runs, via: 'xargs' };
  }
  return { runs: [[...payload, ...inputs.slice(0, 256)]], via: 'xargs' };
}

/** What find prints: a representative path for its matches (used when piped into xargs). */
export function findOutput(args: readonly Word[]): Producer {
  const roots: Word[] = [];
  let pattern: string | undefined;
  let i = 0;
  while (i < args.length && /^-(H|L|P|O\d)$/.test(args[i]?.text ?? '')) i++;
  for (; i < args.length; i++) {
    const w = args[i];
    if (!w || w.text.startsWith('-') || w.text === '(' || w.text === '!') break;
    roots.push(w);
  }
  for (; i < args.length; i++) {
    const a = args[i]?.text ?? '';
    if (a === '-name' || a === '-iname') pattern = args[i + 1]?.text;
  }
  return { kind: 'dynamic', source: 'find', partial: foundPath(roots, pattern).text };
}

/** What `{}` stands for in a find payload: the start path joined with the name pattern, e.g. `/var/lib/mysql/*`. */
function foundPath(roots: readonly Word[], pattern: string | undefined): Word {
  const root = roots[0] ?? { text: '.', dynamic: false };
  const base = root.text.endsWith('/') ? root.text.slice(0, -1) : root.text;
  return { text: `${base || ''}/${pattern ?? '*'}`, dynamic: root.dynamic };
}

const FIND_VALUE_TESTS = new Set([
  '-name', '-iname', '-path', '-ipath', '-wholename', '-iwholename', '-regex', '-iregex', '-type', '-xtype',
  '-user', '-group', '-uid', '-gid', '-perm', '-size', '-mtime', '-mmin', '-atime', '-amin', '-ctime', '-cmin',
  '-newer', '-anewer', '-cnewer', '-maxdepth', '-mindepth', '-links', '-inum', '-samefile', '-fstype', '-printf',
  '-fprintf', '-fprint', '-fprint0', '-fls', '-context', '-used', '-lname', '-ilname', '-regextype', '-files0-from',
]);

/** `find ROOTS EXPR` with -exec/-execdir/-ok/-okdir/-delete; roots default to `.`. */
export function expandFind(args: readonly Word[]): Expanded & { deletes: Word[] } {
  const roots: Word[] = [];
  let i = 0;
  // Leading -H -L -P -O3 -D opts.
  while (i < args.length && /^-(H|L|P|O\d|D)$/.test(args[i]?.text ?? '')) i += args[i]?.text === '-D' ? 2 : 1;
  for (; i < args.length; i++) {
    const a = args[i]?.text ?? '';
    if (a.startsWith('-') || a === '(' || a === '!' || a === ',') break;
    const w = args[i];
    if (w) roots.push(w);
  }
  let pattern: string | undefined;
  // `-empty` limits matches to empty files and directories: deleting those loses nothing.
  const onlyEmpty = args.some((w) => w.text === '-empty');
  const runs: Word[][] = [];
  const deletes: Word[] = [];
  let via = 'find';
  for (; i < args.length; i++) {
    const a = args[i]?.text ?? '';
    if (a === '-name' || a === '-iname') {
      pattern = args[i + 1]?.text;
      i++;
      continue;
    }
    if (a === '-path' || a === '-ipath' || a === '-wholename') {
      const p = args[i + 1]?.text;
      if (p) pattern = p.replace(/^\.?\/?\**\/?/, '') || pattern;
      i++;
      continue;
    }
    if (FIND_VALUE_TESTS.has(a)) {
      i++;
      continue;
    }
    if (a === '-delete') {
      if (!onlyEmpty) deletes.push(foundPath(roots, pattern));
      via = 'find -delete';
      continue;
    }
    if (a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir') {
      const cmd: Word[] = [];
      let j = i + 1;
      for (; j < args.length; j++) {
        const t = args[j]?.text ?? '';
        if (t === ';' || (t === '+' && args[j - 1]?.text === '{}')) break;
        const w = args[j];
        if (!w) continue;
        cmd.push(w.text.includes('{}') ? { text: w.text.split('{}').join(foundPath(roots, pattern).text), dynamic: w.dynamic || (roots[0]?.dynamic ?? false) } : w);
      }
      if (cmd.length > 0) runs.push(cmd);
      via = `find ${a}`;
      i = j;
    }
  }
  return { runs, via, deletes };
}

/** GNU parallel: `parallel cmd ::: a b`, `... | parallel cmd`, `parallel ::: 'cmd1' 'cmd2'`. */
export function expandParallel(args: readonly Word[], stdin: Producer | undefined): Expanded {
  const value = new Set(['-j', '--jobs', '-S', '--sshlogin', '--joblog', '--results', '--delay', '--timeout', '-N', '-n', '--colsep', '-d', '--delimiter', '-a', '--arg-file', '--tmpdir', '--workdir', '--retries', '--memfree', '--load', '-L', '--max-lines', '--bar', '--eta', '-X', '-m', '-k', '--keep-order', '--halt', '-I']);
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]?.text ?? '';
    if (!a.startsWith('-') || a === '-') break;
    if (value.has(a) && !['--bar', '--eta', '-X', '-m', '-k', '--keep-order'].includes(a)) i++;
  }
  const rest = args.slice(i);
  const sep = rest.findIndex((w) => w.text === ':::' || w.text === '::::');
  const template = sep >= 0 ? rest.slice(0, sep) : rest;
  const inputs = sep >= 0 ? rest.slice(sep + 1).filter((w) => w.text !== ':::') : items(stdin, false);
  if (template.length === 0) {
    // The inputs are themselves commands: see parallelScripts().
    return { runs: [], via: 'parallel' };
  }
  const runs = inputs.slice(0, MAX_RUNS).map((item) => {
    const hasSlot = template.some((w) => w.text.includes('{'));
    const replaced = template.map((w) =>
      /\{[./#]*\}/.test(w.text) ? { text: w.text.replace(/\{[./#]*\}/g, item.text), dynamic: w.dynamic || item.dynamic } : w,
    );
    return hasSlot ? replaced : [...replaced, item];
  });
  return { runs, via: 'parallel' };
}

/** Inputs of `parallel ::: 'cmd1' 'cmd2'` (no template): each input is a command line. */
export function parallelScripts(args: readonly Word[]): string[] {
  const sep = args.findIndex((w) => w.text === ':::');
  if (sep < 0) return [];
  const before = args.slice(0, sep).filter((w) => !w.text.startsWith('-'));
  if (before.length > 0) return [];
  return args.slice(sep + 1).map((w) => w.text);
}
