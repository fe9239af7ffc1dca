/**
 * Add (or replace) a user in config/users.json with a bcrypt-hashed password.
 *
 *   npm run users:add -- --id town-mipliang --name 张三 --role town --region 611025104 \
 *     [--leads 611025104201,611025104202] [--phone 13800000000] [--file config/users.json]
 *
 * The password is read from USER_PASSWORD, or asked for on the terminal; it is never stored.
 * Restart the backend to load the change.
 */
import { hash } from '@node-rs/bcrypt';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { RegionFile, UserRecord, UsersFile } from '#contracts';
import { formatIssues } from '../backend/config/errors.js';
import { loadJsonFile } from '../backend/config/files.js';

const { values } = parseArgs({
  options: {
    id: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    region: { type: 'string' },
    leads: { type: 'string', default: '' },
    phone: { type: 'string' },
    username: { type: 'string' },
    file: { type: 'string', default: 'config/users.json' },
    regions: { type: 'string', default: 'config/regions.json' },
  },
});

/** bcrypt cost: ~50 ms per check on one core, the same as the seed users. */
const BCRYPT_COST = 10;

async function readPassword(): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const password = await rl.question('密码 / password (at least 8 characters): ');
  rl.close();
  return password;
}

async function main(): Promise<void> {
  const file = resolve(values.file);
  const users = existsSync(file)
    ? loadJsonFile(file, UsersFile)
    : { version: 1, users: [] as UserRecord[] };
  const regions = loadJsonFile(resolve(values.regions), RegionFile);
  const password = await readPassword();
  if (password.length < 8) throw new Error('the password must be at least 8 characters');
  const candidate = UserRecord.safeParse({
    id: values.id,
    username: values.username ?? values.id,
    name: values.name,
    role: values.role,
    regionCode: values.region,
    leads: values.leads.split(',').filter(Boolean),
    phone: values.phone ?? null,
    passwordHash: await hash(password, BCRYPT_COST),
    demo: false,
  });
  if (!candidate.success) throw new Error(formatIssues(candidate.error.issues));
  const user = candidate.data;
  const known = new Set(regions.regions.map((r) => r.code));
  for (const code of [user.regionCode, ...user.leads]) {
    if (!known.has(code)) throw new Error(`unknown region code ${code}`);
  }
  const others = users.users.filter((u) => u.id !== user.id);
  const next = UsersFile.parse({ ...users, users: [...others, user] });
  writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
  console.log(
    `${others.length < users.users.length ? 'updated' : 'added'} ${user.id} (${user.name}, ${user.role}, ${user.regionCode}) in ${file}; restart the backend to load it`,
  );
}

main().catch((err: unknown) => {
  console.error(`users:add: ${(err as Error).message}`);
  process.exit(1);
});
