import {
  CONCEPTS,
  HAZARDS,
  LOWERINGS,
  VULNERABLE,
  type Concept,
  type Hazard,
  type Lowering,
} from './concepts.js';
import { CATEGORY_LEXICON } from './lexicon-category.js';
import { CARE, CONTEXT_LEXICON, DIALECT, PLAIN } from './lexicon-context.js';
import { DANGER_LEXICON } from './lexicon-danger.js';
import { ConceptMatcher } from './matcher.js';
import { readNumbers } from './numbers.js';

/** Lowerings that say "nothing is under way here" (thanks and questions are weaker). */
export const STRONG_LOWERINGS: readonly Lowering[] = [
  'thanks',
  'settled',
  'elsewhere',
  'drill',
  'hypothetical',
  'negated',
];

const CONCEPT_INDEX = new Map<Concept, number>(CONCEPTS.map((c, i) => [c, i]));

/** A concept's index in Reading.has; resolved once at load, so hot paths compare numbers. */
export function conceptIndex(concept: Concept): number {
  const i = CONCEPT_INDEX.get(concept);
  if (i === undefined) throw new Error(`unknown concept ${concept}`);
  return i;
}

const HAZARD_AT = HAZARDS.map((h) => conceptIndex(`hazard:${h}`));
const LOWERING_AT = LOWERINGS.map((l) => conceptIndex(`lower:${l}`));
const VULNERABLE_AT = VULNERABLE.map((v) => conceptIndex(`vulnerable:${v}`));
const STRONG_AT = LOWERINGS.map((l) => STRONG_LOWERINGS.includes(l));
const NOW_AT = conceptIndex('now');
const TODAY_AT = conceptIndex('today');
const URGENT_AT = conceptIndex('urgent');

/** Head counts from which a report concerns "many people". */
export const MANY = 10;
export const VERY_MANY = 50;
/** Ages at which a person counts as old or as a child. */
export const OLD_AGE = 70;
export const CHILD_AGE = 14;

/** What the text says, in concepts, with the words that said it. */
export interface Reading {
  /** 1 where the concept was read, by CONCEPTS index. */
  readonly has: Uint8Array;
  /** The first word read for each concept, for the explanation. */
  readonly words: Map<Concept, string>;
  readonly people: number;
  readonly peopleWords: readonly string[];
  readonly hazards: readonly Hazard[];
  readonly lowerings: readonly Lowering[];
  /** Derived facts the rules and the model both use. */
  readonly anyHazard: boolean;
  readonly vulnerable: boolean;
  /** Under way now, today, or a cry for help. */
  readonly now: boolean;
  /** Under way now or a cry for help ("today" alone is not enough to lift a cap). */
  readonly strongNow: boolean;
  readonly lowered: boolean;
  readonly asks: boolean;
}

export function hasConcept(reading: Reading, concept: Concept): boolean {
  return reading.has[conceptIndex(concept)] === 1;
}

const matcher = new ConceptMatcher([DANGER_LEXICON, CONTEXT_LEXICON, CATEGORY_LEXICON], DIALECT, {
  plain: PLAIN,
  care: CARE,
});

/** Read the concepts of normalised text. */
export function readText(text: string): Reading {
  const has = new Uint8Array(CONCEPTS.length);
  const words = new Map<Concept, string>();
  const mark = (concept: Concept, word: string) => {
    has[conceptIndex(concept)] = 1;
    if (!words.has(concept)) words.set(concept, word);
  };
  for (const hit of matcher.match(text)) mark(hit.concept, hit.word);
  const numbers = readNumbers(text);
  for (const age of numbers.ages) {
    if (age >= OLD_AGE) mark('vulnerable:old', `${age}岁`);
    else if (age <= CHILD_AGE) mark('vulnerable:child', `${age}岁`);
  }
  // A question that ends the text without a mark: "低保咋办理吗", "几点上班呢".
  if (/[吗呢][|?]?$/.test(text)) mark('lower:question', text.at(-1) === '呢' ? '呢' : '吗');
  const hazards = HAZARDS.filter((_, i) => has[HAZARD_AT[i] ?? 0] === 1);
  const lowerings = LOWERINGS.filter((_, i) => has[LOWERING_AT[i] ?? 0] === 1);
  return {
    has,
    words,
    people: numbers.people,
    peopleWords: numbers.peopleWords,
    hazards,
    lowerings,
    anyHazard: hazards.length > 0,
    vulnerable: VULNERABLE_AT.some((i) => has[i] === 1),
    now: has[NOW_AT] === 1 || has[URGENT_AT] === 1 || has[TODAY_AT] === 1,
    strongNow: has[NOW_AT] === 1 || has[URGENT_AT] === 1,
    lowered: LOWERING_AT.some((i, k) => has[i] === 1 && STRONG_AT[k] === true),
    asks: text.includes('?'),
  };
}

/** The concepts that are signals, most telling first (category hints are not signals). */
const SIGNAL_CONCEPTS: readonly Concept[] = [
  ...HAZARDS.map((h) => `hazard:${h}` as const),
  'harm',
  'crowd',
  ...VULNERABLE.map((v) => `vulnerable:${v}` as const),
  ...([
    'family',
    'noCare',
    'now',
    'today',
    'future',
    'urgent',
    'soon',
    'worry',
    'official',
    'misconduct',
    'grievance',
    'arrears',
    'tension',
    'dialect',
  ] as const),
  ...LOWERINGS.map((l) => `lower:${l}` as const),
];
const SIGNAL_AT = SIGNAL_CONCEPTS.map((c) => [c, conceptIndex(c)] as const);

/** The machine-readable signals of a reading (Judgement.signals), most telling first. */
export function signalNames(reading: Reading, flagged: boolean): string[] {
  const out: string[] = [];
  for (const [concept, i] of SIGNAL_AT) if (reading.has[i] === 1) out.push(concept);
  if (reading.people >= VERY_MANY) out.push('many:50');
  else if (reading.people >= MANY) out.push('many:10');
  if (flagged) out.push('flagged');
  return out;
}
