/**
 * `GET /v1/events`: live updates for the console (DESIGN.md §10). Every store notice (this replica's, or every
 * replica's through PostgreSQL NOTIFY) becomes `event: approval|audit` with `data: {"id": …}`; the console then
 * fetches what changed with its own session, so nothing sensitive travels on the stream. A comment line every
 * `heartbeatMs` keeps proxies from closing an idle stream and reveals a dead client.
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { StoreNotice } from '../store/store.js';
import { requireHuman, type AppEnv } from './auth.js';
import type { RouteDeps } from './routes.js';

/** Default heartbeat interval. */
export const HEARTBEAT_MS = 15_000;

export function eventRoutes(app: Hono<AppEnv>, { ctx, heartbeatMs }: RouteDeps): void {
  app.get('/v1/events', (c) => {
    requireHuman(c);
    c.header('cache-control', 'no-store');
    return streamSSE(c, async (out) => {
      let finish: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => {
        finish = resolve;
      });
      // Writes are chained so that events arrive in the order the store published them.
      let queue = Promise.resolve();
      const send = (write: () => Promise<unknown>): void => {
        queue = queue.then(write).then(
          () => undefined,
          () => {
            finish();
          },
        );
      };
      const off = ctx.store.subscribe((n: StoreNotice) => {
        send(() => out.writeSSE({ event: n.kind, data: JSON.stringify({ id: n.id }) }));
      });
      const beat = setInterval(() => {
        send(() => out.write(': heartbeat\n\n'));
      }, heartbeatMs);
      out.onAbort(finish);
      try {
        send(() => out.write(': connected\n\n'));
        await closed;
      } finally {
        clearInterval(beat);
        off();
      }
    });
  });
}
