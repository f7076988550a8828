/**
 * Audit export formats (DESIGN.md §6): JSONL, which carries every field and can be verified offline with the
 * public key, and RFC 5424 syslog, which carries enough for a SIEM to index and alert on and points back at the
 * chain by `seq` and `hash`.
 */
import type { AuditEvent } from '../../store/store.js';
import { canonicalJson } from './jcs.js';

/**
 * One JSONL line: the event's canonical JSON and a `\n`. Canonical rather than plain JSON so the same event is
 * always the same bytes (exports can be diffed and deduplicated), and parsing a line gives back an event that
 * `verifyChain` accepts.
 */
export function toJsonl(ev: AuditEvent): string {
  return `${canonicalJson(ev)}\n`;
}

export interface SyslogOptions {
  /** The HOSTNAME field (FQDN, hostname or IP); `-` when empty. */
  hostname: string;
  /** The APP-NAME field. */
  appName?: string;
  /** The PROCID field (usually the gate's pid); `-` when absent. */
  procId?: string | number;
}

/**
 * Facility authpriv (10): audit events name commands, hosts and people, and standard syslog configurations send
 * authpriv to a file only root can read (`/var/log/secure`, `/var/log/auth.log`), unlike auth (4) which some
 * send to the console or a world-readable file.
 */
export const SYSLOG_FACILITY = 10;
/** Our SD-ID's enterprise number: 32473 is the one RFC 5612 reserves for examples and documentation. */
export const SD_ID = 'portcullis@32473';

const SEVERITY = { warning: 4, notice: 5, info: 6 } as const;

/** warning for denials, notice for approvals, info for everything else, judged by the words of the type. */
export function syslogSeverity(type: string): number {
  const words = type.toLowerCase().split(/[.:_/-]/);
  if (words.some((w) => w === 'deny' || w === 'denied')) return SEVERITY.warning;
  if (words.some((w) => w.startsWith('approv'))) return SEVERITY.notice;
  return SEVERITY.info;
}

/** A header field: printable US-ASCII without spaces (RFC 5424 §6), at most `max` characters, `-` if empty. */
function headerField(value: string | number | undefined, max: number): string {
  const text = String(value ?? '')
    .replace(/[^\x21-\x7e]/g, '_')
    .slice(0, max);
  return text === '' ? '-' : text;
}

/**
 * The TIMESTAMP field: the event's RFC 3339 time with the fraction cut to the 6 digits RFC 5424 allows, or the
 * NILVALUE when the time is not in that form (the header must stay parseable whatever is stored).
 */
function timestamp(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return '-';
  const frac = m[2] === undefined ? '' : m[2].slice(0, 7);
  return `${m[1] ?? ''}${frac}${m[3] ?? ''}`;
}

/**
 * An SD-PARAM value: `\`, `"` and `]` backslash-escaped as RFC 5424 §6.3.3 requires. Control characters become
 * U+FFFD, since RFC 5424 leaves them legal but a newline in a line-framed transport would forge a second message.
 */
function paramValue(value: string | number): string {
  return (
    String(value)
      .replace(/[\\"\]]/g, (c) => `\\${c}`)
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      .replace(/[\x00-\x1f\x7f]/g, '\ufffd')
  );
}

/** JSON with every non-ASCII character as a `\uXXXX` escape: still the same JSON value, now pure ASCII. */
function asciiJson(value: unknown): string {
  return canonicalJson(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * One RFC 5424 message, without transport framing (add a newline or an octet count for your transport):
 *
 *   <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [portcullis@32473 seq="…" hash="…" type="…" actor="…"] MSG
 *
 * PRI is authpriv ({@link SYSLOG_FACILITY}) with the severity of {@link syslogSeverity}; MSGID is the event type
 * (cut to 32 printable ASCII characters; the full type is in the SD); MSG is the canonical JSON of `data`.
 * MSG is written as pure ASCII (non-ASCII escaped inside the JSON) and without a BOM: RFC 5424 only needs the
 * BOM to declare UTF-8, many collectors show it as garbage, and ASCII needs no declaration.
 */
export function toSyslog(ev: AuditEvent, opts: SyslogOptions): string {
  const pri = SYSLOG_FACILITY * 8 + syslogSeverity(ev.type);
  const header = [
    `<${pri}>1`,
    timestamp(ev.ts),
    headerField(opts.hostname, 255),
    headerField(opts.appName ?? 'portcullis', 48),
    headerField(opts.procId, 128),
    headerField(ev.type, 32),
  ].join(' ');
  const params = { seq: ev.seq, hash: ev.hash, type: ev.type, actor: ev.actor };
  const sd = Object.entries(params)
    .map(([name, value]) => `${name}="${paramValue(value)}"`)
    .join(' ');
  return `${header} [${SD_ID} ${sd}] ${asciiJson(ev.data)}`;
}
