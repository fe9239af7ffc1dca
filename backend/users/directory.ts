import { verify } from '@node-rs/bcrypt';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Unit, User, UserRecord } from '#contracts';
import { UsersFile } from '#contracts';
import { ConfigError } from '../config/errors.js';
import { loadJsonFile } from '../config/files.js';
import type { RegionTree } from '../regions/tree.js';

/** Checked against when the username is unknown, so both paths take a bcrypt's time. */
const DUMMY_HASH = '$2b$10$e4u/KXfAJ97FJQ.ah4cFKOBxwHG/2q8iZF.bo.NvPVTPfaTH4YGKC';

export function publicUser(record: UserRecord): User {
  const { passwordHash: _hash, demo: _demo, ...user } = record;
  return user;
}

/** The user's scope: their region's subtree, plus every region they 包保. */
export function scopeOf(user: User): string[] {
  return [user.regionCode, ...user.leads];
}

export function inScope(user: User, regionCode: string): boolean {
  return scopeOf(user).some((code) => regionCode.startsWith(code));
}

export type LoginResult =
  { ok: true; user: User } | { ok: false; reason: 'invalid' | 'demo_in_production' };

/** The deployment's users (config/users.json), validated against the region tree at start. */
export class UserDirectory {
  private readonly byId = new Map<string, UserRecord>();
  private readonly byUsername = new Map<string, UserRecord>();

  constructor(
    records: readonly UserRecord[],
    private readonly production = false,
  ) {
    for (const record of records) {
      this.byId.set(record.id, record);
      this.byUsername.set(record.username, record);
    }
  }

  /** config/users.json when present; none otherwise (nobody can log in). */
  static load(configDir: string | undefined, regions: RegionTree, production: boolean) {
    const file = configDir ? join(configDir, 'users.json') : null;
    if (!file || !existsSync(file)) return new UserDirectory([], production);
    const parsed = loadJsonFile(file, UsersFile);
    parsed.users.forEach((user, i) => {
      for (const code of [user.regionCode, ...user.leads]) {
        if (!regions.has(code)) {
          throw new ConfigError(`${file}: users[${i}] (${user.id}): unknown region code ${code}`);
        }
      }
    });
    return new UserDirectory(parsed.users, production);
  }

  get(id: string): User | undefined {
    const record = this.byId.get(id);
    return record ? publicUser(record) : undefined;
  }

  all(): User[] {
    return [...this.byId.values()].map(publicUser);
  }

  /** The id of the account with this username, if there is one. */
  idOf(username: string): string | null {
    return this.byUsername.get(username)?.id ?? null;
  }

  /**
   * Check a password. The bcrypt runs on libuv's thread pool (native), never on the event loop;
   * an unknown username is checked against a dummy hash so it takes as long.
   */
  async login(username: string, password: string): Promise<LoginResult> {
    const record = this.byUsername.get(username);
    const ok = await verify(password, record?.passwordHash ?? DUMMY_HASH);
    if (!record || !ok) return { ok: false, reason: 'invalid' };
    if (record.demo && this.production) return { ok: false, reason: 'demo_in_production' };
    return { ok: true, user: publicUser(record) };
  }

  /**
   * Who is told about a case in `regionCode` at `unit` level: that level's leaders whose scope
   * covers it, and anyone who 包保 (answers for) a region containing it. Never staff or walls.
   */
  leadersFor(unit: Unit, regionCode: string): User[] {
    return this.all().filter(
      (u) =>
        u.role !== 'wall' &&
        u.role !== 'staff' &&
        ((u.role === unit && regionCode.startsWith(u.regionCode)) ||
          u.leads.some((code) => regionCode.startsWith(code))),
    );
  }

  /** Service-team (服务队) members of a unit's region. */
  staffOf(unitCode: string): User[] {
    return this.all().filter((u) => u.role === 'staff' && u.regionCode === unitCode);
  }
}
