import { z } from 'zod';
import { CATEGORIES } from './vocabulary.js';

/**
 * config/lexicon.json: the county's own words for text understanding. Words are matched as
 * substrings, longest first, so a county adds a phrase ("拖欠工资") to outweigh its parts ("工资").
 */

const Word = z
  .string()
  .min(1, 'must not be empty')
  .max(16, 'at most 16 characters')
  .refine((w) => w.trim() === w && !/\s/.test(w), 'must not contain spaces');
const Weight = z.number().positive('must be > 0').max(10, 'at most 10');
/** word → weight; JSON keys, so a word appears once per list. */
const Weights = z.record(Word, Weight, {
  // zod reports a bad key as "Invalid key in record": say what a word must be instead.
  error: (issue) =>
    issue.code === 'invalid_key' ? 'a word must be 1–16 characters without spaces' : undefined,
});

/**
 * Every category has a keyword list, `other` too: its words ("快递", "话费") mark an off-topic
 * report. A text that matches nothing is `other` as well.
 */
export const LEXICON_CATEGORIES = CATEGORIES;
const KeywordCategory = z.enum(LEXICON_CATEGORIES);

const Factor = z.number().min(0, 'must be ≥ 0').max(1, 'at most 1');

export const LexiconFile = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.number().int().positive(),
    categories: z.strictObject({
      $comment: z.string().optional(),
      /** The best category needs at least this summed weight, else the text is `other`. */
      minScore: z.number().positive().max(100),
      /** All nine lists must be present (an empty one is allowed). */
      keywords: z.record(KeywordCategory, Weights),
    }),
    urgency: z.strictObject({
      $comment: z.string().optional(),
      cues: Weights,
      /** Words saying the danger is past or only possible ("灾后", "申请", "隐患"): subtracted. */
      calm: Weights.default({}),
    }),
    negativity: z.strictObject({
      $comment: z.string().optional(),
      negative: Weights,
      positive: Weights,
      /** Phrases that hold a negator or a sentiment word but mean neither ("能不能", "不知道"):
       * listing them keeps the scanner from reading their parts. */
      neutral: z.array(Word).default([]),
      /** What people expect to happen ("发", "修", "到账"): negative only when negated
       * ("还没发", "一直没修", "没到账"), nothing otherwise. */
      expected: Weights.default({}),
    }),
    negation: z.strictObject({
      $comment: z.string().optional(),
      words: z.array(Word).min(1),
      /** How many characters may stand between a negator and the word it negates. */
      window: z.number().int().min(0).max(6),
      /** What a negated word still counts, per kind (0 = nothing, 1 = as if not negated). */
      categoryFactor: Factor,
      urgencyFactor: Factor,
      negativeFactor: Factor,
      /** A negated positive word ("不满意", "没有解决") counts as negative by this factor. */
      positiveFlip: Factor,
    }),
    /** Degree adverbs (很, 非常): the next word within the window counts this many times. */
    degree: z.record(Word, z.number().min(1, 'must be ≥ 1').max(5, 'at most 5'), {
      error: (issue) =>
        issue.code === 'invalid_key' ? 'a word must be 1–16 characters without spaces' : undefined,
    }),
  })
  .superRefine((file, ctx) => {
    // One word, one sentiment role: the scanner could not tell which one a text meant.
    const roles = new Map<string, string>();
    const claim = (word: string, role: string, path: PropertyKey[]) => {
      const had = roles.get(word);
      if (had) {
        ctx.addIssue({ code: 'custom', message: `"${word}" is already in ${had}`, path });
      } else roles.set(word, role);
    };
    for (const w of Object.keys(file.negativity.negative)) {
      claim(w, 'negativity.negative', ['negativity', 'negative', w]);
    }
    for (const w of Object.keys(file.negativity.positive)) {
      claim(w, 'negativity.positive', ['negativity', 'positive', w]);
    }
    for (const w of Object.keys(file.negativity.expected)) {
      claim(w, 'negativity.expected', ['negativity', 'expected', w]);
    }
    for (const w of Object.keys(file.urgency.calm)) {
      if (w in file.urgency.cues) {
        ctx.addIssue({
          code: 'custom',
          message: `"${w}" is already in urgency.cues`,
          path: ['urgency', 'calm', w],
        });
      }
    }
    file.negativity.neutral.forEach((w, i) =>
      claim(w, 'negativity.neutral', ['negativity', 'neutral', i]),
    );
    file.negation.words.forEach((w, i) => claim(w, 'negation.words', ['negation', 'words', i]));
    for (const w of Object.keys(file.degree)) claim(w, 'degree', ['degree', w]);
  });
export type LexiconFile = z.infer<typeof LexiconFile>;
