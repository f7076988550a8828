/**
 * Writers that change file contents: truncate, tee, dd and sed -i. Each target is judged with the shared
 * write table (`fs-write.ts`); dd onto a block device and tee into one destroy the disk.
 */
import type { Action } from '../types.js';
import type { Invocation, ToolContext, Word } from '../model.js';
import { has, parseArgs, value } from '../args.js';
import { classifyPath } from '../paths.js';
import {
  helpAction,
  isHelp,
  perTarget,
  targetsOf,
  verdictAction,
  wordsFor,
  type Target,
} from './fs-common.js';
import { writeVerdict } from './fs-write.js';

/** `truncate -s SIZE FILE...`: growing is harmless, shrinking or emptying loses the cut content. */
export function analyzeTruncate(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'truncate')];
  const p = parseArgs(inv.args, { value: ['-s', '--size', '-r', '--reference'] });
  const size = value(p, '-s', '--size');
  const ref = value(p, '-r', '--reference');
  const targets = targetsOf(wordsFor(inv.words, p.positionals), ctx.cwd);
  if (size === undefined && ref === undefined) {
    return [
      ctx.action({
        tool: 'truncate',
        verb: 'truncate',
        effect: 'read',
        risk: 'none',
        rule: 'fs/truncate-noop',
        reasons: ['no size given: truncate refuses to run'],
      }),
    ];
  }
  const grows = size !== undefined && /^\+|^>/.test(size) && ref === undefined;
  // `-s 0`, `-s -1M`, `-s <10M`, `-r FILE` cut; `-s 10G` sets a size (new image files, mostly).
  const empties = ref !== undefined || /^(0+[KMGTPEZY]?(i?B)?|[-<%/].*)$/i.test(size ?? '');
  const verb = size !== undefined ? `truncate -s ${size}` : 'truncate -r';
  return perTarget(ctx, 'truncate', verb, targets, (t) => {
    if (grows)
      return {
        risk: 'low',
        rule: 'fs/truncate-grow',
        reason: `extends ${t.info.path}; nothing is lost`,
        effect: 'write',
      };
    const w = writeVerdict(t, empties ? 'truncate' : 'edit');
    return w.rule === 'fs/write' || w.rule === 'fs/write-scratch'
      ? {
          ...w,
          rule: 'fs/truncate-file',
          reason: `${empties ? 'cuts' : 'sets the size of'} ${t.info.path} to ${size ?? 'the size of another file'}`,
        }
      : w;
  });
}

/** `tee [-a] FILE...`: copies its input into each file, replacing them unless -a. */
export function analyzeTee(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'tee')];
  const p = parseArgs(inv.args);
  const append = has(p, '-a', '--append');
  const files = p.positionals.filter((f) => f !== '-');
  if (files.length === 0) {
    return [
      ctx.action({
        tool: 'tee',
        verb: 'tee',
        effect: 'read',
        risk: 'none',
        rule: 'fs/tee-stdout',
        reasons: ['only copies its input to its output'],
      }),
    ];
  }
  const targets = targetsOf(wordsFor(inv.words, files), ctx.cwd);
  return perTarget(ctx, 'tee', append ? 'tee -a' : 'tee', targets, (t) =>
    writeVerdict(t, append ? 'append' : 'overwrite'),
  );
}

/** `dd if=SRC of=DST ...`: writing onto a disk destroys it; reading a disk into a file is a backup. */
export function analyzeDd(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'dd')];
  const ops = new Map<string, Word>();
  for (const w of inv.words) {
    const eq = w.text.indexOf('=');
    if (eq > 0) ops.set(w.text.slice(0, eq), { text: w.text.slice(eq + 1), dynamic: w.dynamic });
  }
  const src = ops.get('if')?.text ?? 'stdin';
  const of = ops.get('of');
  if (!of) {
    return [
      ctx.action({
        tool: 'dd',
        verb: 'dd',
        effect: 'read',
        risk: 'none',
        rule: 'fs/dd-read',
        targets: [src],
        reasons: [`reads ${src} to standard output`],
      }),
    ];
  }
  const t: Target = {
    text: of.text,
    dynamic: of.dynamic,
    info: classifyPath(of.text, ctx.cwd, of.dynamic),
  };
  const notrunc = /notrunc/.test(ops.get('conv')?.text ?? '');
  const w = writeVerdict(t, notrunc ? 'edit' : 'overwrite');
  const rule = w.rule === 'fs/write-device' ? 'fs/dd-device' : w.rule;
  return [
    verdictAction(
      ctx,
      'dd',
      `dd of=${of.text}`,
      { ...w, rule, reason: `${w.reason} (from ${src})` },
      t.info.path,
    ),
  ];
}

/** Short sed options that take a value (the rest of the bundle or the next argument). */
const SED_VALUE = new Set(['e', 'f', 'l']);

/** `sed [-i[SUFFIX]] SCRIPT FILE...`: only in-place edits change anything. */
export function analyzeSed(inv: Invocation, ctx: ToolContext): Action[] {
  if (isHelp(inv.args)) return [helpAction(ctx, 'sed')];
  let inPlace = false;
  let scripted = false;
  const scripts: string[] = [];
  const positionals: string[] = [];
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      if (a.startsWith('--in-place')) inPlace = true;
      else if (a === '--expression' || a === '--file' || a === '--line-length') {
        if (a === '--expression') scripts.push(args[i + 1] ?? '');
        scripted = scripted || a !== '--line-length';
        i++;
      } else if (a.startsWith('--expression=')) {
        scripts.push(a.slice(13));
        scripted = true;
      } else if (a.startsWith('--file=')) scripted = true;
      continue;
    }
    if (a === '-i' && args[i + 1] === '') {
      // BSD/macOS `sed -i '' SCRIPT FILE`: the empty word is the backup suffix.
      inPlace = true;
      i++;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] ?? '';
        if (c === 'i') {
          inPlace = true;
          break; // the rest of the bundle is the backup suffix
        }
        if (SED_VALUE.has(c)) {
          const val = a.slice(j + 1) || args[++i] || '';
          if (c === 'e') scripts.push(val);
          if (c !== 'l') scripted = true;
          break;
        }
      }
      continue;
    }
    positionals.push(a);
  }
  if (!scripted && positionals.length > 0) scripts.push(positionals.shift() ?? '');
  if (!inPlace || positionals.length === 0) {
    return [
      ctx.action({
        tool: 'sed',
        verb: 'sed',
        effect: 'read',
        risk: 'none',
        rule: 'fs/sed-read',
        targets: positionals,
        reasons: ['prints edited text; no file is changed'],
      }),
    ];
  }
  // A script that deletes every line (`d`, `1,$d`) empties the file.
  const empties = scripts.some((s) => /^\s*(1?,\s*\$\s*)?d\s*$/.test(s));
  const targets = targetsOf(wordsFor(inv.words, positionals), ctx.cwd);
  return perTarget(ctx, 'sed', 'sed -i', targets, (t) => {
    const w = writeVerdict(t, empties ? 'truncate' : 'edit');
    return w.rule === 'fs/write'
      ? { ...w, rule: 'fs/sed-edit', reason: `edits ${t.info.path} in place` }
      : w;
  });
}
