import { z } from 'zod';
import { UNITS } from './case-vocabulary.js';
import { CATEGORIES } from './vocabulary.js';

const Unit = z.enum(UNITS);
const Minutes = z
  .number()
  .positive()
  .max(366 * 24 * 60);

/** What one response level asks of the unit that handles it. */
export const LevelPolicy = z.strictObject({
  /** Who handles a case of this level (blue → village, orange → town, red → county). */
  unit: Unit,
  acknowledgeMinutes: Minutes,
  resolveMinutes: Minutes,
  /** After a 督办 for a missed resolve deadline, how long before the case escalates. */
  superviseGraceMinutes: Minutes,
  /** Which units' leaders are told when a case of this level opens. */
  notify: z.array(Unit).min(1),
  /** Outgoing (robot) notifications of cases of this level wait this long to group with others. */
  groupWindowSeconds: z.number().int().min(0).max(3600),
});
export type LevelPolicy = z.infer<typeof LevelPolicy>;

/**
 * The response policy (config/policy.json). A unit's times are those of the level it handles, so
 * a case escalated from village to town gets the town's (orange) times.
 */
export const PolicyFile = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.number().int().positive(),
    levels: z.strictObject({ blue: LevelPolicy, orange: LevelPolicy, red: LevelPolicy }),
    /**
     * Work orders of a category handled at least at this level, whatever their colour: e.g.
     * `"security": "town"` sends every 治安 report to the town's 综治中心, never a village.
     */
    categoryUnits: z.partialRecord(z.enum(CATEGORIES), Unit).default({}),
  })
  .superRefine((file, ctx) => {
    const units = Object.values(file.levels).map((l) => l.unit);
    if (new Set(units).size !== UNITS.length) {
      ctx.addIssue({
        code: 'custom',
        message: 'each of village, town and county must handle exactly one level',
        path: ['levels'],
      });
    }
  });
export type PolicyFile = z.infer<typeof PolicyFile>;

/** DOMAIN.md's default response policy. */
export const DEFAULT_POLICY: PolicyFile = {
  version: 1,
  categoryUnits: {},
  levels: {
    blue: {
      unit: 'village',
      acknowledgeMinutes: 24 * 60,
      resolveMinutes: 3 * 24 * 60,
      superviseGraceMinutes: 24 * 60,
      notify: ['village'],
      groupWindowSeconds: 300,
    },
    orange: {
      unit: 'town',
      acknowledgeMinutes: 2 * 60,
      resolveMinutes: 7 * 24 * 60,
      superviseGraceMinutes: 24 * 60,
      notify: ['town'],
      groupWindowSeconds: 60,
    },
    red: {
      unit: 'county',
      acknowledgeMinutes: 15,
      resolveMinutes: 24 * 60,
      superviseGraceMinutes: 2 * 60,
      notify: ['county'],
      groupWindowSeconds: 0,
    },
  },
};
