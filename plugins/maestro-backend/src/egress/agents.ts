import http from 'node:http';
import https from 'node:https';
import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Agent as UndiciAgent, buildConnector } from 'undici';
import type { EgressPolicy } from './EgressPolicy';

/** TLS settings of a connection (a private CA, or verification off when explicitly configured). */
export interface EgressTlsOptions {
  /** PEM text of the CA certificates to trust instead of the system store. */
  ca?: string;
  /** false only when a connection is explicitly configured to skip verification. */
  rejectUnauthorized?: boolean;
}

type ConnectOptions = http.ClientRequestArgs & { port?: number | string | null; host?: string | null };

/** A socket that fails at once with the policy's error (literal addresses never reach `lookup`). */
function refusedSocket(error: Error): Socket {
  const socket = new Socket();
  process.nextTick(() => socket.destroy(error));
  return socket;
}

/** Checks the destination (literal address now, names through `lookup`), then connects as the agent would. */
function checkedConnection(
  policy: EgressPolicy,
  options: ConnectOptions,
  defaultPort: number,
  connect: (options: ConnectOptions) => Duplex | null | undefined,
): Duplex | null | undefined {
  const port = Number(options.port) || defaultPort;
  const host = options.host ?? options.hostname ?? 'localhost';
  try {
    policy.checkConnect(host, port);
  } catch (error) {
    return refusedSocket(error as Error);
  }
  return connect({ ...options, lookup: policy.lookupFor(port) as any });
}

/**
 * Node `http.Agent` / `https.Agent` whose every connection is checked by the egress policy after DNS resolution:
 * for clients built on `node:http` (the AWS SDK's `NodeHttpHandler` takes them as `httpAgent` / `httpsAgent`).
 */
export function egressNodeAgents(
  policy: EgressPolicy,
  options: { tls?: EgressTlsOptions; keepAlive?: boolean; maxSockets?: number } = {},
): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const agentOptions = { keepAlive: options.keepAlive ?? true, maxSockets: options.maxSockets ?? 50 };
  class CheckedHttpAgent extends http.Agent {
    createConnection(connectOptions: ConnectOptions, callback?: (error: Error | null, socket: Duplex) => void) {
      return checkedConnection(policy, connectOptions, 80, o => super.createConnection(o, callback));
    }
  }
  class CheckedHttpsAgent extends https.Agent {
    createConnection(connectOptions: ConnectOptions, callback?: (error: Error | null, socket: Duplex) => void) {
      return checkedConnection(policy, connectOptions, 443, o => super.createConnection(o, callback));
    }
  }
  return {
    httpAgent: new CheckedHttpAgent(agentOptions),
    httpsAgent: new CheckedHttpsAgent({ ...agentOptions, ...options.tls }),
  };
}

/**
 * An undici dispatcher (for undici's `fetch` as `dispatcher`) whose every connection is checked by the egress
 * policy after DNS resolution, redirects included, with the connection's TLS settings.
 */
export function egressDispatcher(policy: EgressPolicy, tls: EgressTlsOptions = {}): UndiciAgent {
  const connectors = new Map<number, buildConnector.connector>();
  const connect: buildConnector.connector = (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    try {
      policy.checkConnect(options.hostname, port);
    } catch (error) {
      callback(error as Error, null);
      return;
    }
    let connector = connectors.get(port);
    if (!connector) {
      connector = buildConnector({ ...tls, lookup: policy.lookupFor(port) } as buildConnector.BuildOptions);
      connectors.set(port, connector);
    }
    connector(options, callback);
  };
  return new UndiciAgent({ connect });
}
