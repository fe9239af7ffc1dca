import { z } from 'zod';
import { Level } from './level.js';
import { Category, Source } from './report.js';

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
