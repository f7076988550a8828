/**
 * What a chmod/install mode does, from its octal (`0755`, `4755`) or symbolic (`u+x`, `go-rwx`, `a=rw,o+t`)
 * form: who gains read or write access, whether setuid is set, whether access is taken away.
 */

export interface ModeEffect {
  /** Every user may write (`777`, `o+w`, `a+rwx`). */
  worldWritable: boolean;
  /** Group or other users may read or write (`644`, `g+r`, `+r`). */
  opensOthers: boolean;
  setuid: boolean;
  sticky: boolean;
  /** The owner loses read access, or everyone loses everything (`000`, `a-rwx`, `u-r`). */
  breaks: boolean;
  /** Only removes access from group/others (`go-rwx`, `600`, `700`). */
  onlyTightens: boolean;
  /** Only adds execute permission (`+x`, `u+x`, `a+x`). */
  onlyExec: boolean;
  /** The owner loses execute permission (`-x`, `644` on a program). */
  removesExec: boolean;
}

const NOTHING: ModeEffect = {
  worldWritable: false,
  opensOthers: false,
  setuid: false,
  sticky: false,
  breaks: false,
  onlyTightens: false,
  onlyExec: false,
  removesExec: false,
};

/** Parse a chmod mode. Unknown forms (a `--reference` file, a variable) yield no particular effect. */
export function parseMode(mode: string): ModeEffect {
  if (/^[0-7]{1,4}$/.test(mode)) return octal(mode);
  if (/^([ugoa]*([-+=]([rwxXstugo]*))+)(,[ugoa]*([-+=][rwxXstugo]*)+)*$/.test(mode))
    return symbolic(mode);
  return NOTHING;
}

function octal(mode: string): ModeEffect {
  const digits = mode.padStart(4, '0');
  const [s, u, g, o] = digits.split('').map((d) => Number(d)) as [number, number, number, number];
  const others = (g & 6) !== 0 || (o & 6) !== 0;
  return {
    worldWritable: (o & 2) !== 0,
    opensOthers: others,
    setuid: (s & 4) !== 0,
    sticky: (s & 1) !== 0,
    breaks: (u & 4) === 0,
    onlyTightens: !others && (u & 4) !== 0 && (s & 4) === 0,
    onlyExec: false,
    removesExec: (u & 1) === 0,
  };
}

function symbolic(mode: string): ModeEffect {
  const e: ModeEffect = { ...NOTHING, onlyExec: true };
  for (const clause of mode.split(',')) {
    const who = /^[ugoa]*/.exec(clause)?.[0] ?? '';
    const all = who === '' || who.includes('a');
    const u = all || who.includes('u');
    const g = all || who.includes('g');
    const o = all || who.includes('o');
    for (const m of clause.slice(who.length).matchAll(/([-+=])([rwxXstugo]*)/g)) {
      const op = m[1] ?? '';
      const perms = m[2] ?? '';
      const r = perms.includes('r');
      const w = perms.includes('w');
      if (op === '-') {
        if (u && r) e.breaks = true;
        if (u && perms.includes('x')) e.removesExec = true;
      } else {
        // `+` and `=` grant. With no `who`, the umask (usually 022) keeps write access from group and others.
        if (o && w && who !== '') e.worldWritable = true;
        if ((g || o) && (r || (w && who !== ''))) e.opensOthers = true;
        if (u && perms.includes('s')) e.setuid = true;
        if (perms.includes('t')) e.sticky = true;
        if (op === '=' && u && !r) e.breaks = true;
        if (op === '=' && u && !perms.includes('x')) e.removesExec = true;
      }
      if (op !== '+' || perms.replace(/[xX]/g, '') !== '') e.onlyExec = false;
    }
  }
  e.onlyTightens = !e.opensOthers && !e.worldWritable && !e.setuid && !e.breaks;
  return e;
}
