import { z } from 'zod';
import { ROLES, ROLE_LABEL_ZH } from './case-vocabulary.js';
import { RegionCode } from './region.js';

export { ROLES, ROLE_LABEL_ZH };

/**
 * 角色: county/town/village leaders and cadres act on cases in their region's subtree; staff
 * (服务队 members) handle what they are given; a wall account only reads.
 */
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

const UserId = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'must be lower-case, 2–64 chars');

/** A user as others see them: never the password hash. */
export const User = z.object({
  id: UserId,
  username: z.string().min(2).max(64),
  name: z.string().min(1).max(64),
  role: Role,
  /** Scope: the user sees and acts on cases in this region's subtree. */
  regionCode: RegionCode,
  /** 包保: regions this user answers for; they are told about cases there whatever their role. */
  leads: z.array(RegionCode).default([]),
  phone: z.string().max(32).nullable().default(null),
});
export type User = z.infer<typeof User>;

/** A user as the users file keeps them. */
export const UserRecord = User.extend({
  /** bcrypt hash ($2a$/$2b$). */
  passwordHash: z.string().regex(/^\$2[aby]\$\d{2}\$.{53}$/, 'must be a bcrypt hash'),
  /** Seed users with a published password; refused at login when NODE_ENV=production. */
  demo: z.boolean().default(false),
}).strict();
export type UserRecord = z.infer<typeof UserRecord>;

export const UsersFile = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.number().int().positive(),
    users: z.array(UserRecord),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    file.users.forEach((user, i) => {
      if (ids.has(user.id))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate id "${user.id}"`,
          path: ['users', i, 'id'],
        });
      if (names.has(user.username))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate username "${user.username}"`,
          path: ['users', i, 'username'],
        });
      ids.add(user.id);
      names.add(user.username);
    });
  });
export type UsersFile = z.infer<typeof UsersFile>;

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const Session = z.object({
  user: User,
  /** Also set as an httpOnly cookie; send as `Authorization: Bearer` from scripts. */
  token: z.string(),
  expiresAt: z.number(),
});
export type Session = z.infer<typeof Session>;

/** What became of one login attempt: let in, wrong credentials, or refused before checking. */
export const LOGIN_OUTCOMES = ['ok', 'fail', 'limited'] as const;
export const LoginOutcome = z.enum(LOGIN_OUTCOMES);
export type LoginOutcome = z.infer<typeof LoginOutcome>;

/**
 * Why: `fail` is `invalid_credentials`, `demo_in_production` or `invalid_body`; `limited` is
 * `address_rate` (too many attempts from one address), `account_address` (too many failures for
 * this account from this address), `account_throttle` (the account is under attack and this
 * address has failed recently) or `busy` (the password check queue is full).
 */
export const LOGIN_REASONS = [
  'ok',
  'invalid_credentials',
  'demo_in_production',
  'invalid_body',
  'address_rate',
  'account_address',
  'account_throttle',
  'busy',
] as const;
export const LoginReason = z.enum(LOGIN_REASONS);
export type LoginReason = z.infer<typeof LoginReason>;

/**
 * 登录审计: one row per login attempt. Refused attempts (`limited`) from one address for one
 * username and reason within a few seconds share a row: `count` attempts from `at` to `lastAt`.
 */
export const LoginAuditEntry = z.object({
  id: z.number().int(),
  at: z.number(),
  lastAt: z.number(),
  count: z.number().int().positive(),
  /** The username tried (null when the body had none, or for many names folded into one row). */
  username: z.string().nullable(),
  /** The account that username belongs to, when it belongs to one. */
  userId: z.string().nullable(),
  outcome: LoginOutcome,
  reason: LoginReason,
  /** The client address as the server sees it (behind TRUST_PROXY: the forwarded client). */
  address: z.string(),
  userAgent: z.string().nullable(),
});
export type LoginAuditEntry = z.infer<typeof LoginAuditEntry>;

/** GET /api/v1/auth/audit: newest first; `before` (an id) pages back. */
export const LoginAuditQuery = z.strictObject({
  userId: z.string().max(64).optional(),
  username: z.string().max(64).optional(),
  address: z.string().max(64).optional(),
  outcome: LoginOutcome.optional(),
  /** Epoch ms: only attempts at or after this time. */
  since: z.coerce.number().int().nonnegative().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type LoginAuditQuery = z.infer<typeof LoginAuditQuery>;
