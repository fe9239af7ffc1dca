import type { OrderEvent } from '#contracts';
import { SATISFACTION_LABEL_ZH } from '#contracts/case-vocabulary';
import type { SatisfactionName } from '#contracts/case-vocabulary';
import { CATEGORY_LABEL_ZH, LEVEL_LABEL_ZH } from '#contracts/vocabulary';
import type { CategoryName, LevelName } from '#contracts/vocabulary';
import { ORDER_STATUS_LABEL_ZH } from '#contracts/work-order-vocabulary';
import { formatWhen } from './format.js';

const has = <T extends string>(labels: Record<T, string>, value: unknown): value is T =>
  typeof value === 'string' && Object.hasOwn(labels, value);

/**
 * The facts of one timeline entry besides its note, in Chinese: the step's status change and
 * what its data says (backend/orders/service.ts: the unit it came from and went to, the rating,
 * the colour and category after 改判, the time a 督办 gives). Keys it does not know are left out.
 */
export function eventFacts(e: OrderEvent, placeOf: (code: string) => string): string[] {
  const facts: string[] = [];
  if (e.from !== e.to && e.to !== null)
    facts.push(
      e.from === null
        ? ORDER_STATUS_LABEL_ZH[e.to]
        : `${ORDER_STATUS_LABEL_ZH[e.from]} → ${ORDER_STATUS_LABEL_ZH[e.to]}`,
    );
  const d = e.data ?? {};
  const to = typeof d.unitCode === 'string' ? placeOf(d.unitCode) : null;
  const from = typeof d.fromCode === 'string' ? placeOf(d.fromCode) : null;
  if (from && to) facts.push(`承办：${from} → ${to}`);
  else if (to) facts.push(`承办：${to}`);
  else if (from) facts.push(`原承办：${from}`);
  if (has<SatisfactionName>(SATISFACTION_LABEL_ZH, d.satisfaction))
    facts.push(`满意度：${SATISFACTION_LABEL_ZH[d.satisfaction]}`);
  if (has<LevelName>(LEVEL_LABEL_ZH, d.level)) facts.push(`颜色：${LEVEL_LABEL_ZH[d.level]}`);
  if (has<CategoryName>(CATEGORY_LABEL_ZH, d.category))
    facts.push(`类别：${CATEGORY_LABEL_ZH[d.category]}`);
  if (typeof d.dueAt === 'number') facts.push(`限 ${formatWhen(d.dueAt)} 前答复`);
  return facts;
}
