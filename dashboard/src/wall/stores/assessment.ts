import { shallowRef } from 'vue';
import type { Assessment } from '#contracts/assessment';

/** This month's 考核 of the wall's county (or town), replaced whole on each fetch; null until then. */
export const assessment = shallowRef<Assessment | null>(null);
/** When it was last fetched (browser clock), so the panel can say it is old. */
export const assessmentAt = shallowRef(0);
