import { CONCEPTS, type Concept } from './concepts.js';
import { conceptIndex, MANY, VERY_MANY, type Reading } from './signals.js';

/**
 * The named features, always at the same index before the n-grams: a constant
 * (ml-logistic-regression has no bias term), the concepts the lexicons read, facts derived from
 * them with a few conjunctions (a linear model cannot AND two features itself) and the sender's
 * flag. The voice of the corpus row is never a feature: the judge is not told it.
 */

/** A sparse feature row: parallel feature indices and values. */
export interface SparseRow {
  index: number[];
  value: number[];
}

interface Derived {
  name: string;
  on: (r: Reading, flagged: boolean) => boolean;
}

/** A test of one concept, its index resolved once here so judging compares numbers. */
function is(c: Concept): (r: Reading) => boolean {
  const i = conceptIndex(c);
  return (r) => r.has[i] === 1;
}
const harm = is('harm');
const crowd = is('crowd');
const weapon = is('hazard:weapon');
const violence = is('hazard:violence');
const family = is('family');
const missing = is('hazard:missing');
const noCare = is('noCare');
const soon = is('soon');
const official = is('official');
const misconduct = is('misconduct');
const grievance = is('grievance');
const arrears = is('arrears');
const tension = is('tension');
const many = (r: Reading) => r.people >= MANY;
const yes = (name: string, on: Derived['on']): Derived => ({ name, on });

const DERIVED: readonly Derived[] = [
  yes('many:10', many),
  yes('many:50', (r) => r.people >= VERY_MANY),
  yes('asks', (r) => r.asks),
  yes('flagged', (_r, f) => f),
  yes('now', (r) => r.now),
  yes('strongNow', (r) => r.strongNow),
  yes('lowered', (r) => r.lowered),
  yes('vulnerable', (r) => r.vulnerable),
  yes('hazard', (r) => r.anyHazard),
  yes('x:hazard&now', (r) => r.anyHazard && r.now),
  yes('x:hazard&now&!lowered', (r) => r.anyHazard && r.now && !r.lowered),
  yes('x:hazard&lowered', (r) => r.anyHazard && r.lowered),
  yes('x:hazard&!lowered', (r) => r.anyHazard && !r.lowered),
  yes('x:hazard&harm', (r) => r.anyHazard && harm(r)),
  yes('x:hazard&vulnerable', (r) => r.anyHazard && r.vulnerable),
  yes('x:hazard&many', (r) => r.anyHazard && many(r)),
  yes('x:hazards>1', (r) => r.hazards.length > 1),
  yes('x:crowd&many', (r) => crowd(r) && many(r)),
  yes('x:crowd&now', (r) => crowd(r) && r.now),
  yes('x:crowd&!lowered', (r) => crowd(r) && !r.lowered),
  yes('x:weapon&threat', (r) => weapon(r) && (violence(r) || family(r))),
  yes('x:missing&vulnerable', (r) => missing(r) && r.vulnerable),
  yes('x:vulnerable&noCare', (r) => r.vulnerable && noCare(r)),
  yes('x:vulnerable&soon', (r) => r.vulnerable && soon(r)),
  yes('x:soon&!lowered', (r) => soon(r) && !r.lowered),
  yes('x:official&misconduct', (r) => official(r) && misconduct(r)),
  yes('x:grievance&many', (r) => grievance(r) && many(r)),
  yes('x:arrears&many', (r) => arrears(r) && many(r)),
  yes('x:tension&now', (r) => tension(r) && r.now),
  yes('x:lowered&!now', (r) => r.lowered && !r.now),
  yes('x:flagged&hazard', (r, f) => f && r.anyHazard),
  yes('x:flagged&!hazard', (r, f) => f && !r.anyHazard),
];

const CONCEPTS_AT = 1;
const DERIVED_AT = CONCEPTS_AT + CONCEPTS.length;

/** The named features' names, in feature order (the model file records them). */
export const NAMED_FEATURES: readonly string[] = [
  'bias',
  ...CONCEPTS.map((c) => `c:${c}`),
  ...DERIVED.map((d) => d.name),
];

/**
 * Append the named features of a reading to a sparse row. The concepts are copied straight from
 * the reading: only the derived facts need a call each.
 */
export function encodeNamed(reading: Reading, flagged: boolean, row: SparseRow): void {
  const { index, value } = row;
  const push = (i: number, v: number) => {
    index.push(i);
    value.push(v);
  };
  push(0, 1);
  const has = reading.has;
  for (let c = 0; c < has.length; c++) if (has[c] === 1) push(CONCEPTS_AT + c, 1);
  for (let d = 0; d < DERIVED.length; d++) {
    if ((DERIVED[d] as Derived).on(reading, flagged)) push(DERIVED_AT + d, 1);
  }
}
