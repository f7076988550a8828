/**
 * Recognising destructive library calls in inline interpreter code (python -c, node -e, perl -e, ruby -e,
 * php -r, awk, lua, Rscript, osascript). There is no grammar to hand for eight languages in one analyzer, so
 * this is a call scanner: it finds known call names and reads their first argument when it is a literal or a
 * well-known expression (the home directory, the root). What it finds is re-expressed as the equivalent shell
 * command (`shutil.rmtree(p)` → `rm -rf p`) so the file-system model judges the target, once, the same way.
 */
import type { Word } from '../model.js';

export type Lang = 'python' | 'node' | 'perl' | 'ruby' | 'php' | 'awk' | 'lua' | 'r' | 'osascript';

/** What the code would do, as shell: an argv to judge, or a script string to analyse. */
export type Effect = { argv: Word[] } | { script: string } | { unknown: string };

interface CallRule {
  /** Call name pattern (matched before an opening parenthesis or a space for perl/ruby). */
  re: RegExp;
  /** How the first argument maps to shell. */
  as: 'rm-rf' | 'rm' | 'rmdir' | 'shell' | 'argv' | 'truncate';
}

const HOME_EXPRESSIONS = [
  /^os\.path\.expanduser\(\s*['"]~['"]\s*\)$/,
  /^(pathlib\.)?Path\.home\(\)$/,
  /^Path\(\s*['"]~['"]\s*\)\.expanduser\(\)$/,
  /^os\.environ\[\s*['"]HOME['"]\s*\]$/,
  /^os\.(getenv|environ\.get)\(\s*['"]HOME['"]\s*\)$/,
  /^(require\(\s*['"](node:)?os['"]\s*\)|os)\.homedir\(\)$/,
  /^process\.env\.HOME$/,
  /^Dir\.home$/,
  /^ENV\[\s*['"]HOME['"]\s*\]$/,
  /^\$ENV\{\s*['"]?HOME['"]?\s*\}$/,
  /^File\.expand_path\(\s*['"]~['"]\s*\)$/,
  /^Sys\.getenv\(\s*['"]HOME['"]\s*\)$/,
  /^getenv\(\s*['"]HOME['"]\s*\)$/,
  /^os\.getenv\(\s*['"]HOME['"]\s*\)$/,
  /^path\.expand\(\s*['"]~['"]\s*\)$/,
];

const RULES: Readonly<Record<Lang, readonly CallRule[]>> = {
  python: [
    { re: /\bshutil\.rmtree\s*\(/g, as: 'rm-rf' },
    { re: /\b(?:os\.(?:remove|unlink)|\.unlink)\s*\(/g, as: 'rm' },
    { re: /\bos\.(?:rmdir|removedirs)\s*\(/g, as: 'rmdir' },
    { re: /\b(?:os\.system|os\.popen|subprocess\.(?:getoutput|getstatusoutput))\s*\(/g, as: 'shell' },
    { re: /\bsubprocess\.(?:run|call|check_call|check_output|Popen)\s*\(/g, as: 'argv' },
    { re: /\bos\.(?:execv|execvp|execl|execlp|spawnv|spawnvp)\s*\(/g, as: 'argv' },
  ],
  node: [
    { re: /\b(?:fs\.|fsp\.|fs\.promises\.|promises\.)?(?:rmSync|rm|rmdirSync|rmdir)\s*\(/g, as: 'rm-rf' },
    { re: /\b(?:fs\.|fsp\.|fs\.promises\.)?(?:unlinkSync|unlink)\s*\(/g, as: 'rm' },
    { re: /\b(?:rimraf(?:\.sync)?|rimrafSync|fse?\.(?:removeSync|remove|emptyDirSync|emptyDir))\s*\(/g, as: 'rm-rf' },
    { re: /\b(?:execSync|exec)\s*\(/g, as: 'shell' },
    { re: /\b(?:spawnSync|spawn|execFileSync|execFile)\s*\(/g, as: 'argv' },
    { re: /\b(?:truncateSync|writeFileSync)\s*\(/g, as: 'truncate' },
  ],
  perl: [
    { re: /\b(?:rmtree|remove_tree|File::Path::rmtree|File::Path::remove_tree)\s*\(?/g, as: 'rm-rf' },
    { re: /\bunlink\s*\(?/g, as: 'rm' },
    { re: /\brmdir\s*\(?/g, as: 'rmdir' },
    { re: /\b(?:system|exec)\s*\(?/g, as: 'shell' },
    { re: /\bqx\s*[({]/g, as: 'shell' },
  ],
  ruby: [
    { re: /\bFileUtils\.(?:rm_rf|rm_r|remove_dir|remove_entry_secure|remove_entry|rmtree)\s*\(?/g, as: 'rm-rf' },
    { re: /\b(?:FileUtils\.rm_f|FileUtils\.rm|File\.delete|File\.unlink|FileUtils\.remove_file)\s*\(?/g, as: 'rm' },
    { re: /\b(?:Dir\.rmdir|Dir\.delete|FileUtils\.rmdir)\s*\(?/g, as: 'rmdir' },
    { re: /\b(?:system|exec|spawn|IO\.popen|Open3\.\w+|%x)\s*[({]?/g, as: 'shell' },
  ],
  php: [
    { re: /\b(?:unlink)\s*\(/g, as: 'rm' },
    { re: /\b(?:rmdir)\s*\(/g, as: 'rmdir' },
    { re: /\b(?:system|exec|shell_exec|passthru|popen|proc_open)\s*\(/g, as: 'shell' },
  ],
  awk: [{ re: /\bsystem\s*\(/g, as: 'shell' }],
  lua: [
    { re: /\bos\.remove\s*\(/g, as: 'rm' },
    { re: /\b(?:os\.execute|io\.popen)\s*\(/g, as: 'shell' },
  ],
  r: [
    { re: /\bunlink\s*\(/g, as: 'rm-rf' },
    { re: /\bfile\.remove\s*\(/g, as: 'rm' },
    { re: /\b(?:system|system2|shell)\s*\(/g, as: 'shell' },
  ],
  osascript: [{ re: /\bdo shell script\s+/g, as: 'shell' }],
};

/** Read a string literal starting at `i` (quote at code[i]); returns [value, end] or undefined. */
function readLiteral(code: string, i: number): [string, number] | undefined {
  const q = code[i];
  if (q !== '"' && q !== "'" && q !== '`') return undefined;
  let out = '';
  for (let j = i + 1; j < code.length; j++) {
    const c = code[j] ?? '';
    if (c === '\\') {
      const n = code[j + 1] ?? '';
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
      j++;
      continue;
    }
    if (c === q) return [out, j + 1];
    out += c;
  }
  return undefined;
}

/** The first argument's text: up to the matching `,` or `)` at depth 0. */
function firstArgument(code: string, start: number): string {
  let depth = 0;
  let j = start;
  for (; j < code.length; j++) {
    const c = code[j] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      const lit = readLiteral(code, j);
      if (!lit) break;
      j = lit[1] - 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if ((c === ',' || c === ';' || c === '\n') && depth === 0) break;
  }
  return code.slice(start, j).trim();
}

/** A path-like argument: a literal, a literal list (first element), the home directory, or dynamic. */
function argumentWords(arg: string): Word[] {
  const a = arg.replace(/^\(+|\)+$/g, '').trim();
  const lit = readLiteral(a, 0);
  if (lit && lit[1] === a.length) return [{ text: lit[0], dynamic: false }];
  if (HOME_EXPRESSIONS.some((re) => re.test(a))) return [{ text: '~', dynamic: false }];
  if (a.startsWith('[')) {
    const items: Word[] = [];
    let j = 1;
    while (j < a.length) {
      const ch = a[j] ?? '';
      if (ch === '"' || ch === "'") {
        const l = readLiteral(a, j);
        if (!l) break;
        items.push({ text: l[0], dynamic: false });
        j = l[1];
      } else if (/[\s,]/.test(ch)) j++;
      else {
        const end = a.slice(j).search(/[,\]]/);
        const expr = end < 0 ? a.slice(j) : a.slice(j, j + end);
        items.push(argumentWords(expr.trim())[0] ?? { text: expr, dynamic: true });
        j += end < 0 ? a.length : end;
        if (a[j] === ']') break;
      }
    }
    return items;
  }
  // Concatenations like Dir.home + '/x' or f"{HOME}/x": keep the literal tail, the head is dynamic.
  const home = HOME_EXPRESSIONS.find((re) => re.test(a.split(/\s*\+\s*/)[0] ?? ''));
  if (home) {
    const tail = readLiteral(a.split(/\s*\+\s*/)[1] ?? '', 0);
    return [{ text: `~${tail ? tail[0] : ''}`, dynamic: !tail }];
  }
  return [{ text: `$(${a})`, dynamic: true }];
}

/** Every effect found in `code`, at most `limit`. */
export function scanCode(lang: Lang, code: string, limit = 32): Effect[] {
  const effects: Effect[] = [];
  for (const rule of RULES[lang]) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(code)) !== null && effects.length < limit) {
      const arg = firstArgument(code, m.index + m[0].length);
      const words = argumentWords(arg);
      const w = (t: string): Word => ({ text: t, dynamic: false });
      switch (rule.as) {
        case 'rm-rf':
          if (arg) effects.push({ argv: [w('rm'), w('-rf'), ...words.slice(0, 1)] });
          break;
        case 'rm':
          if (arg) effects.push({ argv: [w('rm'), w('-f'), ...words.slice(0, 1)] });
          break;
        case 'rmdir':
          if (arg) effects.push({ argv: [w('rmdir'), ...words.slice(0, 1)] });
          break;
        case 'truncate':
          break;
        case 'shell': {
          const first = words[0];
          if (!first) break;
          if (words.length > 1) effects.push({ argv: words });
          else if (first.dynamic) effects.push({ unknown: `runs a shell command built at run time (${arg.slice(0, 60)})` });
          else effects.push({ script: first.text });
          break;
        }
        case 'argv': {
          const first = words[0];
          if (!first) break;
          if (words.length > 1 || arg.startsWith('[')) effects.push({ argv: words });
          else if (first.dynamic) effects.push({ unknown: `runs a program chosen at run time (${arg.slice(0, 60)})` });
          else effects.push({ script: first.text });
          break;
        }
      }
    }
  }
  // Backticks run shell in perl and ruby.
  if (lang === 'perl' || lang === 'ruby') {
    for (const m of code.matchAll(/`([^`]+)`/g)) effects.push({ script: m[1] ?? '' });
  }
  if (lang === 'awk' && /\|\s*"(?:sh|bash)"/.test(code)) {
    effects.push({ unknown: 'awk pipes generated text into a shell' });
  }
  return effects;
}

/** SQL statements in string literals of code that executes them (cursor.execute, query, exec ...). */
export function sqlInCode(code: string): string[] {
  const out: string[] = [];
  // Only code that hands strings to a database: printing SQL is not running it.
  if (!/\.(?:execute|executemany|executescript|query|raw|exec|run|sql)\s*\(|\bsql`/.test(code)) return out;
  for (const m of code.matchAll(/(['"`])((?:(?!\1).)*?\b(?:DROP|TRUNCATE|DELETE|ALTER|UPDATE)\b(?:(?!\1).)*)\1/gis)) {
    out.push(m[2] ?? '');
  }
  return out;
}
