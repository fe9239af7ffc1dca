import { z } from 'zod';

/** The four levels of the county network: 县 → 镇/街道 → 村/社区 → 组. */
export const RegionKind = z.enum(['county', 'town', 'village', 'group']);
export type RegionKind = z.infer<typeof RegionKind>;

/** Code length per kind: statistical division codes (6/9/12) plus 3 digits for a group. */
export const REGION_CODE_LENGTH: Record<RegionKind, number> = {
  county: 6,
  town: 9,
  village: 12,
  group: 15,
};

export const RegionCode = z
  .string()
  .regex(/^\d{6}(\d{3}){0,3}$/, 'must be a 6, 9, 12 or 15 digit division code');

export const Region = z.object({
  code: RegionCode,
  name: z.string().min(1),
  kind: RegionKind,
  parentCode: RegionCode.nullable(),
});
export type Region = z.infer<typeof Region>;

/** The deployment's region file (config/regions.json). */
export const RegionFile = z.object({
  $comment: z.string().optional(),
  county: z.object({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1) }),
  generatedBy: z.string().optional(),
  regions: z.array(Region).min(1),
});
export type RegionFile = z.infer<typeof RegionFile>;
