import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The answer to a request sent with {@link openPost}. */
export interface OpenPostAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/**
 * Starts a POST to the Maestro API whose body the test writes part by part (`req.write`), and the answer to it.
 * Awaiting the answer without ending the request shows what the server decides before it has the whole body
 * (e.g. `expect(req.writableEnded).toBe(false)` once answered). The server may close the connection after
 * answering: write errors are ignored.
 */
export function openPost(server: http.Server, path: string, headers: Record<string, string>) {
  const { port } = server.address() as AddressInfo;
  const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/maestro${path}`, headers });
  req.on('error', () => {});
  const answer = new Promise<OpenPostAnswer>((resolve, reject) => {
    req.on('response', res => {
      const parts: Buffer[] = [];
      res.on('data', part => parts.push(part));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : undefined });
      });
    });
  });
  return { req, answer };
}
