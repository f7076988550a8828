/**
 * Redaction of known secret values from streamed output (DESIGN.md §9: "output is streamed back with secrets
 * redacted"). A secret may arrive split across two chunks, so the redactor holds back the end of what it has seen
 * while that end could still be the start of a secret (at most the longest secret's length minus one character),
 * and releases it with the next chunk or at the end. Matching is leftmost, longest first; values shorter than 4
 * characters are not redacted (as in `redactKnown`: replacing `ab` everywhere would wreck the text).
 */
import { REDACTED } from '../gate/audit/redact.js';

/** Shortest value redacted. */
export const MIN_REDACT = 4;

/**
 * The strings to hide for one secret value: the value itself and, for a multi-line value (a kubeconfig, a PEM
 * key), each trimmed line of 20 or more characters and the value part of such `key: value` / `KEY=value` lines,
 * because tools print those pieces on their own (`kubectl config view --raw`, `cat ~/.aws/credentials`).
 */
export function redactionValues(value: string): string[] {
  const out = new Set<string>();
  const whole = value.replace(/\r?\n$/, '');
  if (whole.length >= MIN_REDACT) out.add(whole);
  if (value.includes('\n')) {
    for (const raw of value.split(/\r?\n/)) {
      const line = raw.trim();
      if (line.length < 20) continue;
      out.add(line);
      const m = /^[^:=\s]{1,128}\s*[:=]\s*(.+)$/.exec(line);
      const part = m?.[1]?.trim().replace(/^["']|["']$/g, '');
      if (part !== undefined && part.length >= 20) out.add(part);
    }
  }
  return [...out];
}

export class StreamRedactor {
  private readonly secrets: string[];
  private readonly longest: number;
  private pending = '';

  constructor(secrets: readonly string[]) {
    this.secrets = [...new Set(secrets)]
      .filter((s) => s.length >= MIN_REDACT)
      .sort((a, b) => b.length - a.length);
    this.longest = this.secrets[0]?.length ?? 0;
  }

  /** Redacted text that is safe to release now (possibly empty: the tail may be held). */
  push(chunk: string): string {
    if (this.longest === 0) return chunk;
    return this.run(this.pending + chunk, false);
  }

  /** Everything still held, redacted: call once at the end of the stream. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return this.longest === 0 ? rest : this.run(rest, true);
  }

  private run(text: string, final: boolean): string {
    let out = '';
    let i = 0;
    for (;;) {
      const hold = final ? text.length : this.holdFrom(text, i);
      const hit = this.nextMatch(text, i);
      if (hit !== undefined && hit.at < hold) {
        out += text.slice(i, hit.at) + REDACTED;
        i = hit.at + hit.length;
        continue;
      }
      out += text.slice(i, hold);
      this.pending = text.slice(hold);
      return out;
    }
  }

  /** The earliest complete occurrence of any secret at or after `from` (longest first on a tie). */
  private nextMatch(text: string, from: number): { at: number; length: number } | undefined {
    let best: { at: number; length: number } | undefined;
    for (const s of this.secrets) {
      const at = text.indexOf(s, from);
      if (at >= 0 && (best === undefined || at < best.at)) best = { at, length: s.length };
    }
    return best;
  }

  /** Where the held tail starts: the earliest position whose rest of `text` is a proper prefix of a secret. */
  private holdFrom(text: string, from: number): number {
    const start = Math.max(from, text.length - (this.longest - 1));
    for (let p = start; p < text.length; p++) {
      const rest = text.length - p;
      const first = text.charCodeAt(p);
      for (const s of this.secrets) {
        if (s.length > rest && s.charCodeAt(0) === first && s.startsWith(text.slice(p))) return p;
      }
    }
    return text.length;
  }
}
