import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { REFUSED, WallAdmission, handshakeAddress, type TrustProxy } from './wall-admission.js';

const request = (peer: string, forwarded?: string) =>
  ({
    socket: { remoteAddress: peer },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  }) as unknown as IncomingMessage;

const loopback: TrustProxy = (address) => address === '127.0.0.1' || address === '::1';
const oneHop: TrustProxy = (_address, hop) => hop < 1;

describe('handshakeAddress', () => {
  it('is the peer without a trusted proxy, whatever the client forwards', () => {
    expect(handshakeAddress(request('198.51.100.7', '203.0.113.5'))).toBe('198.51.100.7');
    expect(handshakeAddress(request('198.51.100.7', '203.0.113.5'), () => false)).toBe(
      '198.51.100.7',
    );
  });

  it('walks X-Forwarded-For from the right past trusted proxies only', () => {
    expect(handshakeAddress(request('127.0.0.1', '203.0.113.5'), loopback)).toBe('203.0.113.5');
    // A client's own forged entry on the left is not believed beyond the proxy's.
    expect(handshakeAddress(request('127.0.0.1', '10.9.9.9, 203.0.113.5'), loopback)).toBe(
      '203.0.113.5',
    );
    expect(handshakeAddress(request('127.0.0.1', '10.9.9.9, 203.0.113.5'), oneHop)).toBe(
      '203.0.113.5',
    );
    // A peer that is not a trusted proxy is the client, forwarded header or not.
    expect(handshakeAddress(request('198.51.100.7', '203.0.113.5'), loopback)).toBe('198.51.100.7');
    expect(handshakeAddress(request('127.0.0.1'), loopback)).toBe('127.0.0.1');
  });
});

describe('WallAdmission.check', () => {
  it('refuses beyond the per-address and the total limit, with a reason', () => {
    const admission = new WallAdmission({ maxPerAddress: 1, maxConnections: 5 });
    expect(admission.check('203.0.113.5')).toBeNull();
    const counts = (admission as unknown as { perAddress: Map<string, number> }).perAddress;
    counts.set('203.0.113.5', 1);
    const perAddress = admission.check('203.0.113.5') as Error & { data: unknown };
    expect(perAddress.message).toBe(REFUSED.perAddress);
    expect(perAddress.data).toEqual({ reason: 'per-address', limit: 1 });
    (admission as unknown as { total: number }).total = 5;
    expect(admission.check('203.0.113.6')?.message).toBe(REFUSED.full);
  });
});
