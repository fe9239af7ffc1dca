import { LEVELS, type Category, type LabelledReport, type Level } from '#contracts';

/** The bar on the frozen test split (tests/unit/judgement-accuracy.test.ts). */
export const TARGETS = {
  redRecall: 0.9,
  redPrecision: 0.8,
  /** Share of non-red reports judged red: at most. */
  nonRedJudgedRed: 0.03,
  colourExact: 0.75,
  category: 0.9,
} as const;

export interface Judged {
  expected: LabelledReport;
  colour: Level;
  category: Category;
}

export interface Metrics {
  n: number;
  colourExact: number;
  category: number;
  redRecall: number;
  redPrecision: number;
  nonRedJudgedRed: number;
  perColour: Record<Level, { precision: number; recall: number; support: number }>;
  /** confusion[labelled][judged]. */
  confusion: Record<Level, Record<Level, number>>;
  /** Colour exactly right, per trap (null: no trap). */
  byTrap: Record<string, { n: number; colourExact: number }>;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);

function emptyConfusion(): Record<Level, Record<Level, number>> {
  const row = () => Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  return Object.fromEntries(LEVELS.map((l) => [l, row()])) as Record<Level, Record<Level, number>>;
}

/** The figures the issue asks for, from judged labelled rows. */
export function measure(judged: readonly Judged[]): Metrics {
  const confusion = emptyConfusion();
  let colourRight = 0;
  let categoryRight = 0;
  const traps = new Map<string, { n: number; right: number }>();
  for (const j of judged) {
    confusion[j.expected.colour][j.colour]++;
    if (j.colour === j.expected.colour) colourRight++;
    if (j.category === j.expected.category) categoryRight++;
    const trap = traps.get(j.expected.trap ?? 'none') ?? { n: 0, right: 0 };
    trap.n++;
    if (j.colour === j.expected.colour) trap.right++;
    traps.set(j.expected.trap ?? 'none', trap);
  }
  const labelled = (l: Level) => LEVELS.reduce((n, j) => n + confusion[l][j], 0);
  const judgedAs = (l: Level) => LEVELS.reduce((n, e) => n + confusion[e][l], 0);
  const perColour = Object.fromEntries(
    LEVELS.map((l) => [
      l,
      {
        precision: ratio(confusion[l][l], judgedAs(l)),
        recall: ratio(confusion[l][l], labelled(l)),
        support: labelled(l),
      },
    ]),
  ) as Metrics['perColour'];
  const nonRed = judged.length - labelled('red');
  return {
    n: judged.length,
    colourExact: ratio(colourRight, judged.length),
    category: ratio(categoryRight, judged.length),
    redRecall: perColour.red.recall,
    redPrecision: perColour.red.precision,
    nonRedJudgedRed: ratio(judgedAs('red') - confusion.red.red, nonRed),
    perColour,
    confusion,
    byTrap: Object.fromEntries(
      [...traps].map(([t, v]) => [t, { n: v.n, colourExact: ratio(v.right, v.n) }]),
    ),
  };
}

/** The targets a result misses, in words ("red recall 0.85 < 0.90"). */
export function missedTargets(m: Metrics): string[] {
  const out: string[] = [];
  if (m.redRecall < TARGETS.redRecall) out.push(`red recall ${m.redRecall} < ${TARGETS.redRecall}`);
  if (m.redPrecision < TARGETS.redPrecision)
    out.push(`red precision ${m.redPrecision} < ${TARGETS.redPrecision}`);
  if (m.nonRedJudgedRed > TARGETS.nonRedJudgedRed)
    out.push(`non-red judged red ${m.nonRedJudgedRed} > ${TARGETS.nonRedJudgedRed}`);
  if (m.colourExact < TARGETS.colourExact)
    out.push(`colour exact ${m.colourExact} < ${TARGETS.colourExact}`);
  if (m.category < TARGETS.category) out.push(`category ${m.category} < ${TARGETS.category}`);
  return out;
}

/** The figures as a plain-text table: per colour, the confusion matrix, categories, traps. */
export function formatMetrics(m: Metrics, categoryConfusion?: Map<string, number>): string {
  const pad = (s: string | number, n = 8) => String(s).padStart(n);
  const lines = [
    `rows ${m.n}`,
    '',
    `colour     ${pad('precision', 10)}${pad('recall')}${pad('support')}`,
  ];
  for (const l of LEVELS) {
    const p = m.perColour[l];
    lines.push(`${l.padEnd(11)}${pad(p.precision, 10)}${pad(p.recall)}${pad(p.support)}`);
  }
  lines.push(
    '',
    `confusion (rows: labelled, columns: judged)`,
    `${''.padEnd(11)}${LEVELS.map((l) => pad(l)).join('')}`,
  );
  for (const e of LEVELS)
    lines.push(`${e.padEnd(11)}${LEVELS.map((j) => pad(m.confusion[e][j])).join('')}`);
  lines.push('', `colour exactly right ${m.colourExact}   category ${m.category}`);
  lines.push(
    `red recall ${m.redRecall}   red precision ${m.redPrecision}   non-red judged red ${m.nonRedJudgedRed}`,
  );
  lines.push(
    '',
    'colour exact by trap: ' +
      Object.entries(m.byTrap)
        .map(([t, v]) => `${t} ${v.colourExact} (${v.n})`)
        .join(', '),
  );
  if (categoryConfusion && categoryConfusion.size > 0) {
    const top = [...categoryConfusion].sort((a, b) => b[1] - a[1]).slice(0, 8);
    lines.push(
      'category mistakes (labelled→judged): ' + top.map(([k, n]) => `${k} ${n}`).join(', '),
    );
  }
  return lines.join('\n');
}

/** Count category mistakes as "labelled→judged". */
export function categoryMistakes(judged: readonly Judged[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const j of judged) {
    if (j.category === j.expected.category) continue;
    const key = `${j.expected.category}→${j.category}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
