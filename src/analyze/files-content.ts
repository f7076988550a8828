/**
 * What the new content of a file says, where it matters: settings files that clearly turn TLS verification
 * off for every later command (`.env`, `.npmrc`, `.curlrc`, `pip.conf`, git config, shell start-up files), and
 * the commands in files whose contents run later (a git hook, a start-up file, a crontab), judged as shell.
 */
import { weakenedBy } from './shell/env-risk.js';

interface Weakening {
  file: RegExp;
  line: RegExp;
  what: string;
}

/** Settings that turn verification off, by the file they live in. */
const SETTINGS: readonly Weakening[] = [
  {
    file: /(^|\/)\.npmrc$/,
    line: /^\s*strict-ssl\s*=\s*false\b/im,
    what: 'npm TLS certificate verification',
  },
  {
    file: /(^|\/)\.yarnrc(\.ya?ml)?$/,
    line: /^\s*(strict-ssl\s+false|enableStrictSsl\s*:\s*false)\b/im,
    what: 'yarn TLS certificate verification',
  },
  {
    file: /(^|\/)(\.curlrc|_curlrc)$/,
    line: /^\s*(-k|(--?)?insecure)\s*$/im,
    what: 'curl TLS certificate verification',
  },
  {
    file: /(^|\/)\.wgetrc$/,
    line: /^\s*check_certificate\s*=\s*off\b/im,
    what: 'wget TLS certificate verification',
  },
  {
    file: /(^|\/)pip\.(conf|ini)$/,
    line: /^\s*trusted-host\s*=/im,
    what: 'pip TLS verification for the listed hosts',
  },
  {
    file: /(^|\/)(\.gitconfig|\.git\/config|\.config\/git\/config)$/,
    line: /^\s*sslVerify\s*=\s*(false|no|0|off)\b/im,
    what: 'git TLS certificate verification',
  },
];

/** Files read as `NAME=value` lines by a shell, direnv or a dotenv loader. */
const ENV_FILE =
  /(^|\/)(\.env(\.[\w.-]+)?|\.envrc|\.bashrc|\.bash_profile|\.profile|\.zshrc|\.zshenv|\.zprofile|environment)$/;

/** What the content of `path` turns off, one sentence per finding. */
export function contentWeakenings(path: string, content: string): string[] {
  const found: string[] = [];
  for (const s of SETTINGS) if (s.file.test(path) && s.line.test(content)) found.push(s.what);
  if (ENV_FILE.test(path)) {
    for (const m of content.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/gm)) {
      const value = (m[2] ?? '').trim().replace(/^(['"])(.*)\1$/, '$2');
      const what = weakenedBy(m[1] ?? '', value);
      if (what) found.push(what);
    }
  }
  return [...new Set(found)];
}

/**
 * The shell text in a file that runs later: a hook or start-up file is a script as it stands; a crontab line
 * is a schedule followed by a command (and a user, in the system crontabs).
 */
export function laterScript(rule: string, path: string, content: string): string | undefined {
  if (rule === 'files/startup') return content;
  if (rule === 'files/git-hook') {
    // A hook may be written in any language; only shell scripts are judged here.
    const shebang = /^#!(.*)/.exec(content)?.[1];
    return shebang === undefined || /\b(ba|da|z|k|)sh\b/.test(shebang) ? content : undefined;
  }
  if (rule !== 'files/cron') return undefined;
  const withUser = path.startsWith('/etc/');
  const lines: string[] = [];
  for (const raw of content.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^[A-Za-z_]+=/.test(line)) continue;
    const fields = line.split(/\s+/);
    const skip = (line.startsWith('@') ? 1 : 5) + (withUser ? 1 : 0);
    lines.push(fields.slice(skip).join(' '));
  }
  return lines.join('\n');
}
