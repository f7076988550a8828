/**
 * The client side of `POST /v1/exec` (API.md "Broker"): one request, its NDJSON stream followed line by line
 * (output printed as it comes), and the exit-code conventions of `portcullis exec`. node:http rather than fetch: a
 * run may stay silent for longer than fetch's body timeout.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { constants } from 'node:os';
import * as z from 'zod/mini';
import { ClientError } from './client.js';
import { errorBodySchema } from './client-schemas.js';
import type { GateIo } from './gate-run.js';

export const EXEC_EXIT = {
  refused: 126,
  unavailable: 3,
  usage: 2,
  cancelled: 130,
  timedOut: 124,
} as const;

/** What `exec` prints to and reads from (tests replace any part). */
export interface ExecIo extends GateIo {
  /** The directory the command runs in (on the gate's machine: the broker runs it there). */
  cwd: string;
  /** stderr is a terminal: the status line is redrawn in place. */
  errIsTty: boolean;
}

const decisionSchema = z.looseObject({
  verdict: z.string(),
  rule: z.string(),
  reasons: z.array(z.string()),
  approval: z.optional(
    z.looseObject({
      id: z.string(),
      url: z.string(),
      status: z.string(),
      required: z.number(),
      approvedBy: z.array(z.string()),
      comments: z.optional(
        z.array(z.looseObject({ approver: z.string(), vote: z.string(), comment: z.string() })),
      ),
    }),
  ),
});
export type DecisionView = z.infer<typeof decisionSchema>;

const lineSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('decision'), decision: decisionSchema }),
  z.looseObject({ type: z.literal('start'), pid: z.number() }),
  z.looseObject({ type: z.literal('stdout'), data: z.string() }),
  z.looseObject({ type: z.literal('stderr'), data: z.string() }),
  z.looseObject({
    type: z.literal('exit'),
    code: z.nullable(z.number()),
    signal: z.nullable(z.string()),
    digest: z.string(),
    timedOut: z.optional(z.boolean()),
  }),
  z.looseObject({ type: z.literal('error'), message: z.string() }),
]);
type Line = z.infer<typeof lineSchema>;

export type Outcome = { kind: 'decided'; decision: DecisionView } | { kind: 'ran'; code: number };

/** The caller pressed Ctrl-C. */
export class Cancelled extends Error {}

/** POST one exec and follow its stream. Output lines are printed as they come. */
export function postExec(
  url: string,
  token: string | undefined,
  body: unknown,
  io: ExecIo,
  signal: AbortSignal,
  onDecision: (d: DecisionView) => void,
): Promise<Outcome> {
  const payload = JSON.stringify(body);
  const target = new URL('v1/exec', `${url}/`);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Outcome>((resolve, reject) => {
    let decision: DecisionView | undefined;
    let settled = false;
    const finish = (fn: () => void): void => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    const onLine = (text: string): void => {
      let line: Line;
      try {
        const parsed = lineSchema.safeParse(JSON.parse(text));
        if (!parsed.success) throw new Error('shape');
        line = parsed.data;
      } catch {
        throw new ClientError(
          'gate/bad-response',
          'the gate sent a line this CLI does not understand',
          200,
        );
      }
      switch (line.type) {
        case 'decision':
          decision = line.decision;
          onDecision(line.decision);
          return;
        case 'start':
          return;
        case 'stdout':
          io.out(line.data);
          return;
        case 'stderr':
          io.err(line.data);
          return;
        case 'error':
          throw new ClientError('broker/failed', line.message, 200);
        case 'exit':
          finish(() => {
            resolve({ kind: 'ran', code: exitCode(line, io) });
          });
      }
    };
    const req = send(
      target,
      {
        method: 'POST',
        signal,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          accept: 'application/x-ndjson',
          ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res: IncomingMessage) => {
        res.setEncoding('utf8');
        let buf = '';
        if (res.statusCode !== 200) {
          res.on('data', (c: string) => {
            if (buf.length < 65_536) buf += c;
          });
          res.on('end', () => {
            finish(() => {
              reject(refusal(res.statusCode ?? 0, buf));
            });
          });
          return;
        }
        res.on('data', (chunk: string) => {
          buf += chunk;
          let nl: number;
          try {
            while ((nl = buf.indexOf('\n')) >= 0) {
              const text = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              if (text !== '') onLine(text);
            }
          } catch (err) {
            finish(() => {
              reject(err instanceof Error ? err : new Error(String(err)));
            });
            req.destroy();
          }
        });
        res.on('end', () => {
          finish(() => {
            if (decision && decision.verdict !== 'allow') resolve({ kind: 'decided', decision });
            else
              reject(
                new ClientError(
                  'gate/bad-response',
                  'the gate ended the stream before the command did',
                  200,
                ),
              );
          });
        });
        res.on('error', (err) => {
          finish(() => {
            reject(signal.aborted ? new Cancelled() : err);
          });
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      finish(() => {
        if (signal.aborted) reject(new Cancelled());
        else if (
          err.code === 'ECONNREFUSED' ||
          err.code === 'ENOENT' ||
          err.code === 'EHOSTUNREACH'
        ) {
          reject(
            new ClientError(
              'gate/unreachable',
              `no gate at ${url} — start it with \`portcullis serve\``,
              0,
            ),
          );
        } else
          reject(
            new ClientError('gate/unreachable', `the gate at ${url} failed: ${err.message}`, 0),
          );
      });
    });
    req.end(payload);
  });
}

function refusal(status: number, text: string): ClientError {
  try {
    const r = errorBodySchema.safeParse(JSON.parse(text));
    if (r.success) return new ClientError(r.data.error.code, r.data.error.message, status);
  } catch {
    // fall through
  }
  return new ClientError(
    status >= 500 ? 'internal' : `http/${status}`,
    `the gate answered HTTP ${status}`,
    status,
  );
}

/** The shell's convention: the exit code, or 128 + the signal's number. */
export function exitCode(line: Extract<Line, { type: 'exit' }>, io: ExecIo): number {
  if (line.timedOut === true) {
    io.err('portcullis exec: the gate stopped the command: it ran past its timeout\n');
    return EXEC_EXIT.timedOut;
  }
  if (line.code !== null) return line.code;
  const n =
    line.signal !== null
      ? (constants.signals as Record<string, number | undefined>)[line.signal]
      : undefined;
  return 128 + (n ?? 0);
}
