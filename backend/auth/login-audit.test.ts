import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LoginAudit, type LoginAttemptRecord } from './login-audit.js';

const dirs: string[] = [];
const audits: LoginAudit[] = [];
afterEach(() => {
  for (const audit of audits.splice(0)) audit.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'minqing-audit-'));
  dirs.push(dir);
  const audit = new LoginAudit(dir, undefined, { flushMs: 60_000, ...options });
  audits.push(audit);
  return { dir, audit };
}

const attempt = (over: Partial<LoginAttemptRecord> = {}): LoginAttemptRecord => ({
  at: 1_000,
  username: 'county-li',
  userId: 'county-li',
  outcome: 'fail',
  reason: 'invalid_credentials',
  address: '203.0.113.7',
  userAgent: 'curl/8',
  ...over,
});

describe('the login audit', () => {
  it('writes a successful login at once, durably, with who, when and from where', () => {
    const { dir, audit } = open();
    audit.record(attempt({ outcome: 'ok', reason: 'ok', at: 2_000 }));
    const db = new Database(join(dir, 'auth.db'), { readonly: true });
    const rows = db.prepare('SELECT user_id, address, user_agent, at FROM login_audit').all();
    db.close();
    expect(rows).toEqual([
      { user_id: 'county-li', address: '203.0.113.7', user_agent: 'curl/8', at: 2_000 },
    ]);
  });

  it('lists newest first with filters, pending failures included', () => {
    const { audit } = open();
    audit.record(attempt({ at: 1 }));
    audit.record(attempt({ at: 2, address: '198.51.100.1' }));
    audit.record(attempt({ at: 3, outcome: 'ok', reason: 'ok' }));
    expect(audit.list({ limit: 10 }).map((e) => e.at)).toEqual([3, 2, 1]);
    expect(audit.list({ limit: 10, outcome: 'fail', address: '203.0.113.7' })).toHaveLength(1);
    const [newest] = audit.list({ limit: 1 });
    expect(audit.list({ limit: 10, before: newest?.id }).map((e) => e.at)).toEqual([2, 1]);
    expect(audit.list({ limit: 10, since: 2 }).map((e) => e.at)).toEqual([3, 2]);
  });

  it('folds a flood of refusals into counted rows', () => {
    const { audit } = open({ maxNamesPerAddress: 4 });
    for (let i = 0; i < 1_000; i++) {
      audit.record(
        attempt({
          at: i,
          outcome: 'limited',
          reason: 'address_rate',
          username: `guess-${i % 100}`,
        }),
      );
    }
    const rows = audit.list({ limit: 1000 });
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(1_000);
    expect(rows.length).toBe(5);
    const folded = rows.find((r) => r.username === null);
    expect(folded).toMatchObject({ address: '203.0.113.7', reason: 'address_rate', lastAt: 999 });
  });

  it('refuses to change or drop a recent row', () => {
    const { dir, audit } = open();
    audit.record(attempt({ outcome: 'ok', reason: 'ok', at: Date.now() }));
    const db = new Database(join(dir, 'auth.db'));
    expect(() => db.prepare("UPDATE login_audit SET outcome = 'fail'").run()).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM login_audit').run()).toThrow(/keeps rows/);
    db.close();
  });

  it('knows where each account logged in lately', () => {
    const { audit } = open();
    audit.record(attempt({ outcome: 'ok', reason: 'ok', at: 10 }));
    audit.record(attempt({ outcome: 'ok', reason: 'ok', at: 20 }));
    audit.record(attempt({ outcome: 'ok', reason: 'ok', at: 5, address: '198.51.100.1' }));
    expect(audit.goodPlaces(6)).toEqual([{ userId: 'county-li', address: '203.0.113.7', at: 20 }]);
  });
});
