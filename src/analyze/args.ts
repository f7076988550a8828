/**
 * Generic command-line option parsing for tool models. Each model says which options take a value; everything
 * else is a boolean flag or a positional argument. Handles `--opt=value`, `--opt value`, `-n value`, `-nvalue`,
 * bundled short flags (`-rf`) and `--`.
 */

export interface ArgSpec {
  /** Options that consume a value: `-n`, `--namespace`, `-o` ... */
  readonly value?: readonly string[];
  /**
   * Short options that are whole words, not bundles (`-auto-approve`, `-target=x` in terraform; `-name` in find).
   * When true, a single-dash option is never split into letters.
   */
  readonly longSingleDash?: boolean;
}

export interface ParsedArgs {
  /** Every option seen, by name as written (`-f`, `--force`); bundles are split (`-rf` → `-r`, `-f`). */
  readonly opts: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
  /** Arguments after a bare `--`. */
  readonly rest: readonly string[];
}

/** Parse `args` per `spec`. Never throws. */
export function parseArgs(args: readonly string[], spec: ArgSpec = {}): ParsedArgs {
  const takesValue = new Set(spec.value ?? []);
  const opts = new Map<string, string[]>();
  const positionals: string[] = [];
  let rest: string[] = [];
  const put = (k: string, v: string): void => {
    const list = opts.get(k);
    if (list) list.push(v);
    else opts.set(k, [v]);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      rest = args.slice(i + 1);
      break;
    }
    if (a.startsWith('--') || (spec.longSingleDash && a.startsWith('-') && a.length > 1)) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        put(a.slice(0, eq), a.slice(eq + 1));
      } else if (takesValue.has(a)) {
        put(a, args[i + 1] ?? '');
        i++;
      } else {
        put(a, '');
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      // -n value, -nvalue, or bundled flags -rf
      const whole = a;
      if (takesValue.has(whole)) {
        put(whole, args[i + 1] ?? '');
        i++;
        continue;
      }
      const eq = a.indexOf('=');
      if (eq > 0 && takesValue.has(a.slice(0, eq))) {
        put(a.slice(0, eq), a.slice(eq + 1));
        continue;
      }
      for (let j = 1; j < a.length; j++) {
        const flag = `-${a[j] ?? ''}`;
        if (takesValue.has(flag)) {
          const inline = a.slice(j + 1);
          if (inline) put(flag, inline);
          else {
            put(flag, args[i + 1] ?? '');
            i++;
          }
          break;
        }
        put(flag, '');
      }
      continue;
    }
    positionals.push(a);
  }
  return { opts, positionals: [...positionals, ...rest], rest };
}

/** True when any of the named options is present. */
export function has(p: ParsedArgs, ...names: readonly string[]): boolean {
  return names.some((n) => p.opts.has(n));
}

/** The last value given for any of the named options. */
export function value(p: ParsedArgs, ...names: readonly string[]): string | undefined {
  let found: string | undefined;
  for (const n of names) {
    const v = p.opts.get(n);
    if (v && v.length > 0) found = v[v.length - 1];
  }
  return found;
}

/** Every value given for any of the named options. */
export function values(p: ParsedArgs, ...names: readonly string[]): string[] {
  return names.flatMap((n) => p.opts.get(n) ?? []);
}
