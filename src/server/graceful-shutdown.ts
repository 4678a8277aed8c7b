import type { Server } from 'node:http';
import net from 'node:net';

/** How long to keep accepting after the signal: connections already queued in the backlog get in. */
const ACCEPT_BACKLOG_MS = 100;
const HARD_LIMIT_MS = 10_000;

/**
 * A shutdown that lets requests already sent finish. Node's own close() drops every connection it deems
 * idle, including one whose request is unread or about to arrive on a kept-alive socket, and closing the
 * listener at once resets whatever waits in its backlog: both lose requests a client has already sent.
 * So only the listener is closed, after the backlog is accepted; answers then carry Connection: close, and
 * idle kept-alive connections end at the keep-alive timeout they announced (5 s), which clients honour.
 */
export function gracefulShutdown(server: Server): (done: () => void) => void {
  let draining = false;
  server.prependListener('request', (_req, res) => {
    if (draining) res.setHeader('Connection', 'close');
  });
  return (done) => {
    if (draining) return;
    draining = true;
    // setImmediate runs after the loop's poll phase, so the backlog has been accepted by then.
    setTimeout(() => setImmediate(() => net.Server.prototype.close.call(server, done)), ACCEPT_BACKLOG_MS);
    setTimeout(done, HARD_LIMIT_MS).unref();
  };
}
