import { z } from 'zod';
import { Level } from './level.js';
import { CATEGORIES, SOURCES } from './vocabulary.js';

const Category = z.enum(CATEGORIES);
const Source = z.enum(SOURCES);

/**
 * The judgement of one report's text, as a county duty officer would give it: a colour, a
 * category, how sure, and one line a person reads to see why. Stamped with the model version
 * so a stored judgement can be traced to the model that made it.
 */
export const Judgement = z.object({
  colour: Level,
  category: Category,
  /** 0..1: the probability the model gives its colour after the rules have spoken. */
  confidence: z.number().min(0).max(1),
  /** 0..1: the probability the model gives its category (absent on judgements stored before). */
  categoryConfidence: z.number().min(0).max(1).optional(),
  /** One line in Chinese: hazard, who is at risk, how many, now or not, what lowered it. */
  explanation: z.string().max(200),
  /** Machine-readable signals behind the explanation (e.g. `hazard:violence`, `lower:settled`). */
  signals: z.array(z.string()).max(32),
  /** e.g. `judgement-2026.12.01-1`: the model file's version. */
  model: z.string(),
});
export type Judgement = z.infer<typeof Judgement>;

/** What the judge reads: the text and the sender's hints (hints, never the answer). */
export const JudgeInput = z.object({
  text: z.string(),
  source: Source.optional(),
  /** The operator's 紧急 or the grid worker's urgent flag. */
  flagged: z.boolean().optional(),
});
export type JudgeInput = z.infer<typeof JudgeInput>;

/** One labelled row of the judgement corpus (tests/fixtures/judgement/). */
export const JudgementVoice = z.enum(['operator', 'resident', 'grid']);
export const JudgementTrap = z.enum([
  'settled',
  'elsewhere',
  'drill',
  'hypothetical',
  'negated',
  'thanks',
  'question',
]);
export const LabelledReport = z.strictObject({
  text: z.string().min(1),
  category: Category,
  colour: Level,
  voice: JudgementVoice,
  trap: JudgementTrap.nullable(),
  flagged: z.boolean(),
});
export type LabelledReport = z.infer<typeof LabelledReport>;

/** A dispatcher's correction of one report's colour and/or category, with why. */
export const CorrectionBody = z
  .strictObject({
    colour: Level.optional(),
    category: Category.optional(),
    reason: z.string().trim().min(2, 'say why (at least 2 characters)').max(500),
  })
  .refine((b) => b.colour !== undefined || b.category !== undefined, {
    message: 'give colour, category or both',
    path: ['colour'],
  });
export type CorrectionBody = z.infer<typeof CorrectionBody>;

/** A correction as kept: who, when, why, and what the report was before. */
export const Correction = z.object({
  id: z.string(),
  reportId: z.string(),
  colour: Level,
  category: Category,
  previousColour: Level,
  previousCategory: Category,
  reason: z.string(),
  userId: z.string(),
  userName: z.string(),
  at: z.number(),
});
export type Correction = z.infer<typeof Correction>;
