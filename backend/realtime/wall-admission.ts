import type { IncomingMessage } from 'node:http';
import type { Namespace, Socket } from 'socket.io';
import { addressKey } from '../auth/client-address.js';

/** WALL_MAX_PER_ADDRESS: a county command centre runs a few walls from one address, not 20. */
export const WALL_MAX_PER_ADDRESS = 20;
/** WALL_MAX_CONNECTIONS: every wall socket the node holds at once. */
export const WALL_MAX_CONNECTIONS = 2_000;

/** express's compiled `trust proxy` (`app.get('trust proxy fn')`): believe hop `i` at `address`? */
export type TrustProxy = (address: string, hop: number) => boolean;

export interface AdmissionOptions {
  /** Concurrent wall sockets one client address may hold (an IPv6 client by its /64). */
  maxPerAddress?: number;
  /** Concurrent wall sockets in all. */
  maxConnections?: number;
  /** Which proxies to believe about the client's address; the socket's peer without it. */
  trust?: TrustProxy;
}

/** What a refused handshake tells the client (`connect_error`: `err.message`, `err.data`). */
export const REFUSED = {
  perAddress: 'too many wall connections from this address',
  full: 'too many wall connections',
} as const;

/**
 * The client's address as express's `req.ip` would give it: the socket's peer, or behind trusted
 * proxies the nearest X-Forwarded-For entry that is not itself a trusted proxy (proxy-addr's walk).
 */
export function handshakeAddress(req: IncomingMessage, trust?: TrustProxy): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trust) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .reverse();
  const chain = [peer, ...forwarded];
  for (let hop = 0; hop < chain.length - 1; hop++) {
    if (!trust(chain[hop] as string, hop)) return chain[hop] as string;
  }
  return chain[chain.length - 1] as string;
}

function refusal(message: string, data: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { data });
}

/**
 * Admission to the wall: at most `maxPerAddress` sockets per client address and `maxConnections`
 * in all. A handshake beyond either is refused in the namespace's middleware with a clear
 * `connect_error`; a socket that got past it anyway (handshakes racing, or a session Socket.IO
 * recovered, which skips middleware) is counted on connection and dropped if it is one too many.
 */
export class WallAdmission {
  private readonly perAddress = new Map<string, number>();
  private total = 0;
  readonly maxPerAddress: number;
  readonly maxConnections: number;

  constructor(private readonly options: AdmissionOptions = {}) {
    this.maxPerAddress = options.maxPerAddress ?? WALL_MAX_PER_ADDRESS;
    this.maxConnections = options.maxConnections ?? WALL_MAX_CONNECTIONS;
  }

  /** The limit key of a socket's client: its address, an IPv6 client's /64. */
  keyOf(socket: Pick<Socket, 'request'>): string {
    return addressKey(handshakeAddress(socket.request, this.options.trust));
  }

  /** The handshake check: an error to refuse with, or null. */
  check(key: string): Error | null {
    if (this.total >= this.maxConnections) {
      return refusal(REFUSED.full, { reason: 'capacity', limit: this.maxConnections });
    }
    if ((this.perAddress.get(key) ?? 0) >= this.maxPerAddress) {
      return refusal(REFUSED.perAddress, { reason: 'per-address', limit: this.maxPerAddress });
    }
    return null;
  }

  /** Install the handshake check on the namespace (before any other middleware). */
  guard(namespace: Namespace): void {
    namespace.use((socket, next) => next(this.check(this.keyOf(socket)) ?? undefined));
  }

  /**
   * Count a connected socket until it disconnects; false (and the socket dropped) when it is over
   * a limit after all.
   */
  admit(socket: Socket): boolean {
    const key = this.keyOf(socket);
    const held = (this.perAddress.get(key) ?? 0) + 1;
    this.perAddress.set(key, held);
    this.total++;
    socket.once('disconnect', () => {
      this.total--;
      const left = (this.perAddress.get(key) ?? 1) - 1;
      if (left > 0) this.perAddress.set(key, left);
      else this.perAddress.delete(key);
    });
    if (held > this.maxPerAddress || this.total > this.maxConnections) {
      socket.disconnect(true);
      return false;
    }
    return true;
  }
}
