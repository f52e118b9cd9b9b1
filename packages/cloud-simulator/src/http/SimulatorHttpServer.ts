import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The whole body of a request, as UTF-8 text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The HTTP side every simulated cloud shares: a Node server that hands each request to the simulator (a handler
 * that throws answers 500), listens on a port and host and says where it can be reached (`endpoint`, with a
 * wildcard host shown as 127.0.0.1), and closes with its open connections.
 */
export class SimulatorHttpServer {
  private readonly server: Server;
  private address = '';

  constructor(handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
    this.server = createServer((req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  }

  /** `http://host:port` once listening, '' before. */
  get endpoint(): string {
    return this.address;
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const { port: actual } = this.server.address() as AddressInfo;
    let shown = host;
    if (host === '0.0.0.0' || host === '::') shown = '127.0.0.1';
    else if (host.includes(':')) shown = `[${host}]`;
    this.address = `http://${shown}:${actual}`;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close(err => (err ? reject(err) : resolve()));
      this.server.closeAllConnections();
    });
  }
}
