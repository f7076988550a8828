/**
 * The agent-facing stdio transport of `mcp serve` and `mcp proxy`: newline-delimited JSON-RPC, like the SDK's
 * `StdioServerTransport`, but hostile input is answered instead of dropped or fatal. A line over the size limit
 * is discarded as it streams in (it is never buffered whole) and answered with `-32600`; a line that is not JSON
 * gets `-32700`; JSON that is not a JSON-RPC message gets `-32600` (with the request's id when it has one). The
 * session goes on: one bad message must not let an agent kill the proxy, nor get anything forwarded.
 */
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Largest message accepted from the agent (issue 6: oversized messages are refused, never forwarded). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/** A stdio server transport that answers oversized, non-JSON and non-JSON-RPC lines with an error. */
export class GuardedStdioServerTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: Transport['onmessage'];

  private chunks: Buffer[] = [];
  private size = 0;
  /** Inside a line that is already over the limit: drop bytes until its newline. */
  private discarding = false;
  private closed = false;

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
    private readonly maxBytes = MAX_MESSAGE_BYTES,
  ) {}

  private readonly onData = (chunk: Buffer): void => {
    let rest = chunk;
    let nl: number;
    while ((nl = rest.indexOf(0x0a)) >= 0) {
      const head = rest.subarray(0, nl);
      rest = rest.subarray(nl + 1);
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      if (this.size + head.length > this.maxBytes) {
        this.reset();
        this.refuseOversized();
        continue;
      }
      const line = Buffer.concat([...this.chunks, head]).toString('utf8');
      this.reset();
      this.handleLine(line);
    }
    if (this.discarding || rest.length === 0) return;
    if (this.size + rest.length > this.maxBytes) {
      // Refuse now, and drop the rest of the line as it arrives.
      this.reset();
      this.discarding = true;
      this.refuseOversized();
      return;
    }
    this.chunks.push(rest);
    this.size += rest.length;
  };

  private readonly onEnd = (): void => void this.close();
  private readonly onError = (err: Error): void => this.onerror?.(err);

  private reset(): void {
    this.chunks = [];
    this.size = 0;
  }

  private refuseOversized(): void {
    this.reply(null, INVALID_REQUEST, `message over the ${this.maxBytes}-byte limit: refused`);
  }

  private handleLine(raw: string): void {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.reply(null, PARSE_ERROR, 'parse error: the message is not JSON');
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = (value as { id?: unknown } | null)?.id;
      const known = typeof id === 'string' || typeof id === 'number' ? id : null;
      this.reply(known, INVALID_REQUEST, 'invalid request: not a JSON-RPC 2.0 message');
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private reply(id: string | number | null, code: number, message: string): void {
    // JSON-RPC answers an unidentifiable request with id null; the SDK's message type has no room for that.
    void this.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } }) + '\n');
  }

  private write(text: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(text)) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('end', this.onEnd);
    this.stdin.on('error', this.onError);
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(JSON.stringify(message) + '\n');
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('end', this.onEnd);
    this.stdin.off('error', this.onError);
    this.reset();
    this.onclose?.();
    return Promise.resolve();
  }
}
