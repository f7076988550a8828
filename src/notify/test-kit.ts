/**
 * Test helpers for the notification channels (not part of the build): a real HTTP receiver on 127.0.0.1 that
 * records every request, and literal notices. Bounded: request bodies over 1 MiB and more than 100 requests are
 * refused, and `close()` drops connections a hanging reply kept open.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApprovalNotice } from './message.js';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers: a status and JSON (or text) body, or never (`hang`). */
export interface Reply {
  status?: number;
  body?: unknown;
  hang?: boolean;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: Recorded[];
  /** The JSON body of the only request so far (fails the test if there is not exactly one). */
  onlyJson: () => unknown;
  close: () => Promise<void>;
}

const MAX_BODY = 1024 * 1024;
const MAX_REQUESTS = 100;

function answer(res: ServerResponse, reply: Reply): void {
  const body =
    reply.body === undefined
      ? ''
      : typeof reply.body === 'string'
        ? reply.body
        : JSON.stringify(reply.body);
  res.writeHead(reply.status ?? 200, {
    'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
  });
  res.end(body);
}

/** Start a receiver; `reply` decides each answer (default 200 with an empty body). */
export async function startReceiver(
  reply: (req: Recorded) => Reply | Promise<Reply> = () => ({}),
): Promise<Receiver> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      if (requests.length >= MAX_REQUESTS) {
        answer(res, { status: 429 });
        return;
      }
      const rec: Recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(rec);
      void Promise.resolve(reply(rec)).then((r) => {
        if (r.hang !== true) answer(res, r);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    onlyJson: () => {
      const [only, ...more] = requests;
      if (only === undefined || more.length > 0) {
        throw new Error(`expected 1 request, got ${requests.length}`);
      }
      return JSON.parse(only.body) as unknown;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** 2026-11-26 14:05 UTC */
export const EXPIRES = Date.UTC(2026, 10, 26, 14, 5);

/** The scenario of DESIGN.md §0: catastrophic in prod, peer review, View only. */
export const CATASTROPHIC: ApprovalNotice = {
  kind: 'request',
  approvalId: 'apr_7Hk2mQ9xLp',
  agent: 'claude-code',
  summary: 'terraform destroy -auto-approve',
  risk: 'catastrophic',
  env: 'prod',
  required: 2,
  reasons: ['destroys every resource in the prod stack'],
  expiresAt: EXPIRES,
  links: { view: 'https://gate.example/a/apr_7Hk2mQ9xLp?t=v1.view' },
};

/** A high-risk request the policy lets approvers answer inline. */
export const HIGH: ApprovalNotice = {
  kind: 'request',
  approvalId: 'apr_Q3b8ZtW1nc',
  agent: 'codex',
  summary: 'kubectl delete deployment api -n staging',
  risk: 'high',
  env: 'staging',
  required: 1,
  reasons: ['deletes a deployment', 'staging <shared> & busy'],
  expiresAt: EXPIRES,
  links: {
    view: 'https://gate.example/a/apr_Q3b8ZtW1nc?t=v1.view',
    approve: 'https://gate.example/a/apr_Q3b8ZtW1nc/approve?t=v1.ap',
    deny: 'https://gate.example/a/apr_Q3b8ZtW1nc/deny?t=v1.dn',
  },
};
