import { LEVELS, type Level } from '#contracts';
import type { Concept } from './concepts.js';
import { conceptIndex, MANY, type Reading } from './signals.js';

/**
 * Readable composition rules: floors and caps on the model's colour, each a sentence a duty
 * officer would agree with. The model already weighs every concept; the rules are the guard
 * rails that hold whatever the corpus taught it (a settled landslide never goes red, a threat
 * with a weapon under way never stays blue). A cap stays only while cross-validation on the
 * training files is no worse with it than without (to within a row or two): "a question with
 * no hazard is at most blue" went when it capped emergencies written as questions
 * ("锁起来打了一下午了…没人管吗"); "settled, negated or hypothetical with nothing under way is
 * at most orange" went when, on 6,480 rows, it took 7 reds down and no non-red (its markers match
 * words that lower nothing: "牛自己回来了，人到天黑没回", "不是打架，是…倒地抽搐"); the model reads
 * those traps itself. A floor is a safety rail, kept unless it costs red recall or precision
 * (npm run judgement:eval -- --cv --sweep shows what each is worth).
 */
export interface Rule {
  id: string;
  /** The rule in Chinese, as the explanation shows it. */
  says: string;
  when: (r: Reading, flagged: boolean) => boolean;
  floor?: Level;
  cap?: Level;
}

/** A test of one concept, its index resolved once here (rules run on every judgement). */
const on = (c: Concept) => {
  const i = conceptIndex(c);
  return (r: Reading) => r.has[i] === 1;
};
const drill = on('lower:drill');
const elsewhere = on('lower:elsewhere');
const thanks = on('lower:thanks');
const misconduct = on('misconduct');
const official = on('official');
const harm = on('harm');
const urgent = on('urgent');
const crowd = on('crowd');
const future = on('future');
const weapon = on('hazard:weapon');
const violence = on('hazard:violence');
const family = on('family');
const drillOrElsewhere = (r: Reading) => drill(r) || elsewhere(r);
/** A hazard here and now that nothing lowers: the ground every red floor stands on. */
const liveHazard = (r: Reading) => r.anyHazard && !r.lowered;
const threat = (r: Reading) => weapon(r) && (violence(r) || family(r));

export const RULES: readonly Rule[] = [
  {
    id: 'cap-drill-elsewhere',
    says: '演练培训或外地新闻，且非正在发生 → 至多蓝色',
    when: (r) => drillOrElsewhere(r) && !r.strongNow,
    cap: 'blue',
  },
  {
    id: 'cap-thanks',
    says: '感谢表扬，无危险 → 无',
    when: (r) => thanks(r) && !r.anyHazard && !r.strongNow,
    cap: 'none',
  },
  {
    id: 'floor-hazard-now',
    says: '危险且正在发生、无降级 → 至少橙色',
    when: (r) => liveHazard(r) && r.now,
    floor: 'orange',
  },
  {
    id: 'floor-misconduct',
    says: '干部贪占、克扣等 → 至少橙色',
    when: (r) => misconduct(r) && official(r) && !r.lowered,
    floor: 'orange',
  },
  {
    id: 'red-harm-now',
    says: '危险且有人受伤、正在发生 → 红色',
    when: (r) => liveHazard(r) && harm(r) && r.now,
    floor: 'red',
  },
  {
    id: 'red-weapon-threat',
    says: '持械威胁或行凶 → 红色',
    when: (r) => threat(r) && !r.lowered,
    floor: 'red',
  },
  {
    id: 'red-hazard-urgent',
    says: '危险且紧急求助 → 红色',
    when: (r) => liveHazard(r) && urgent(r),
    floor: 'red',
  },
  {
    id: 'red-hazards-now',
    says: '多种危险同时、正在发生 → 红色',
    when: (r) => liveHazard(r) && r.hazards.length > 1 && r.now,
    floor: 'red',
  },
  {
    id: 'red-crowd-now',
    says: '多人聚集堵路、正在发生 → 红色',
    when: (r) => crowd(r) && r.people >= MANY && r.now && !r.lowered && !future(r),
    floor: 'red',
  },
];

export interface Bounds {
  floor: Level;
  cap: Level;
  /** Rules that applied, in order. */
  fired: Rule[];
}

const rank = (l: Level) => LEVELS.indexOf(l);

/** The floor and cap the rules set for this reading. A floor beats a cap: safety first. */
export function bounds(reading: Reading, flagged: boolean, rules: readonly Rule[] = RULES): Bounds {
  let floor: Level = 'none';
  let cap: Level = 'red';
  const fired: Rule[] = [];
  for (const rule of rules) {
    if (!rule.when(reading, flagged)) continue;
    fired.push(rule);
    if (rule.floor && rank(rule.floor) > rank(floor)) floor = rule.floor;
    if (rule.cap && rank(rule.cap) < rank(cap)) cap = rule.cap;
  }
  if (rank(cap) < rank(floor)) cap = floor;
  return { floor, cap, fired };
}

/** Hold a colour within the bounds. */
export function clamp(colour: Level, b: Bounds): Level {
  if (rank(colour) < rank(b.floor)) return b.floor;
  if (rank(colour) > rank(b.cap)) return b.cap;
  return colour;
}

/**
 * The model's probabilities after the rules have spoken: the mass below the floor moves to the
 * floor, the mass above the cap to the cap. The final colour's share is the confidence.
 */
export function boundedProbabilities(p: ArrayLike<number>, b: Bounds): number[] {
  const out = [0, 0, 0, 0];
  LEVELS.forEach((level, i) => {
    const to = rank(clamp(level, b));
    out[to] = (out[to] ?? 0) + (p[i] ?? 0);
  });
  return out;
}
