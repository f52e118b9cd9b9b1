import type express from 'express';

/**
 * A fixed-window request limit per client address (`req.ip`: the socket's address, or the forwarded one when
 * `backend.trustProxy` says so), kept in this process: each replica counts its own requests, so behind a load
 * balancer spreading clients over N replicas a client gets at most N × `perMinute`. Over the limit: 429 with
 * `Retry-After` (seconds to the next window), before anything else is done for the request.
 */
export function clientRateLimit(options: { perMinute: number; now?: () => number }): express.RequestHandler {
  const now = options.now ?? Date.now;
  const windowMs = 60_000;
  let windowStart = 0;
  let counts = new Map<string, number>();
  return (req, res, next) => {
    const time = now();
    if (time - windowStart >= windowMs) {
      windowStart = time - (time % windowMs);
      counts = new Map(); // the old window's clients go with it: memory bounded by one minute's clients
    }
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const count = (counts.get(client) ?? 0) + 1;
    counts.set(client, count);
    if (count <= options.perMinute) {
      next();
      return;
    }
    const retryAfter = Math.max(1, Math.ceil((windowStart + windowMs - time) / 1000));
    res.setHeader('Retry-After', String(retryAfter));
    res.setHeader('Cache-Control', 'no-store');
    res.status(429).json({
      error: { name: 'TooManyRequestsError', message: `too many requests: try again in ${retryAfter} s` },
      response: { statusCode: 429 },
    });
  };
}
