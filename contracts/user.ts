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
