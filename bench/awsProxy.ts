/*
 * Helper of bench/peer.bench.ts: an HTTP proxy in front of the AWS simulator.
 *
 * Why: real EC2 answers an *unpaginated* DescribeInstances (no MaxResults, no NextToken) with every matching
 * instance in one response ("If you do not specify instance IDs or filters, the output includes information for
 * all instances … Unpaginated requests are susceptible to throttling and timeouts", EC2 API reference). The
 * simulator pages every listing, unpaginated calls included (at most 1000 per response), so a client that makes one
 * unpaginated call would see only the first 1000 instances, which real AWS would not do. In `unpaginated` mode the
 * proxy restores the AWS behaviour: it sends the call itself to the (faulty) simulator, where it counts as ONE
 * request for throttling and rate limits, as it does in AWS, and when that succeeds it fetches the remaining pages
 * from a second, fault-free simulator serving the same world object and merges them into one response.
 *
 * Every other request is passed through unchanged. `onResponse` sees each action answered with its HTTP status
 * (used to start a throttling storm after the first DescribeInstances page).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AwsProxy {
  endpoint: string;
  /** Unpaginated DescribeInstances calls answered with more than one simulator page. */
  merged: number;
  close(): Promise<void>;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function send(target: string, req: http.IncomingMessage, body: Buffer): Promise<Upstream> {
  const url = new URL(target);
  const headers = { ...req.headers, host: url.host, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  return new Promise((resolve, reject) => {
    const out = http.request(
      { host: url.hostname, port: url.port, method: req.method, path: req.url, headers },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 500, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

const NEXT_TOKEN = /<nextToken>([^<]*)<\/nextToken>/;

/** The items inside `<reservationSet>…</reservationSet>` of a DescribeInstances response ('' when empty). */
function reservationItems(xml: string): string {
  const open = xml.indexOf('<reservationSet>');
  if (open < 0) return '';
  const close = xml.lastIndexOf('</reservationSet>');
  return xml.slice(open + '<reservationSet>'.length, close);
}

export async function startAwsProxy(options: {
  /** The simulator the clients talk to (faults apply). */
  target: string;
  /** A fault-free simulator over the same world, for the rest of an unpaginated call. */
  clean: string;
  /** Emulate AWS's unpaginated DescribeInstances (see above). */
  unpaginated: boolean;
  onResponse?: (action: string, status: number) => void;
}): Promise<AwsProxy> {
  const state = { merged: 0 };
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const params = new URLSearchParams(req.method === 'POST' ? body.toString() : (req.url ?? '').split('?')[1] ?? '');
      const action = params.get('Action') ?? '';
      let answer = await send(options.target, req, body);
      if (
        options.unpaginated &&
        action === 'DescribeInstances' &&
        answer.status === 200 &&
        !params.has('MaxResults') &&
        !params.has('NextToken') &&
        ![...params.keys()].some(k => k.startsWith('InstanceId'))
      ) {
        let xml = answer.body.toString();
        let token = NEXT_TOKEN.exec(xml)?.[1];
        if (token) {
          state.merged++;
          const extra: string[] = [];
          while (token) {
            const next = new URLSearchParams(params);
            next.set('NextToken', token);
            const page = await send(options.clean, req, Buffer.from(next.toString()));
            if (page.status !== 200)
              throw new Error(`clean simulator answered ${page.status}: ${page.body.toString().slice(0, 200)}`);
            const pageXml = page.body.toString();
            extra.push(reservationItems(pageXml));
            token = NEXT_TOKEN.exec(pageXml)?.[1];
          }
          xml = xml.replace(NEXT_TOKEN, '');
          const close = xml.lastIndexOf('</reservationSet>');
          xml =
            close >= 0
              ? xml.slice(0, close) + extra.join('') + xml.slice(close)
              : xml.replace('<reservationSet/>', `<reservationSet>${extra.join('')}</reservationSet>`);
          answer = { ...answer, body: Buffer.from(xml) };
        }
      }
      options.onResponse?.(action, answer.status);
      const headers = { ...answer.headers, 'content-length': String(answer.body.length) };
      delete headers['transfer-encoding'];
      res.writeHead(answer.status, headers);
      res.end(answer.body);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get merged() {
      return state.merged;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
