/** Listening on a socket (Node's http server via @hono/node-server); the composition root is `cli/serve.ts`. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { GateContext } from '../gate/context.js';
import { createApp, type AppOptions } from './app.js';

export interface RunningServer {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  url: string;
  /** Stop accepting, drop open connections (SSE streams included) and wait for the socket to close. */
  close(): Promise<void>;
}

/**
 * Serve the API for `ctx` on `host:port` (port 0 picks a free one). Resolves once listening; rejects when the
 * address cannot be bound. Closing the server does not close the context (the caller owns it).
 */
export function startServer(
  ctx: GateContext,
  listen: { host: string; port: number },
  opts: AppOptions = {},
): Promise<RunningServer> {
  const app = createApp(ctx, opts);
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: listen.host, port: listen.port },
      (info: AddressInfo) => {
        server.off('error', reject);
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              server.close((err) => {
                if (err) fail(err);
                else done();
              });
              server.closeAllConnections();
            }),
        });
      },
    ) as Server;
    server.once('error', reject);
  });
}
