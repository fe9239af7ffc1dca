import { computed, shallowRef } from 'vue';
import type { Region } from '#contracts';
import { wallRegion } from '../access.js';
import { towns, wall } from './wall.js';

/**
 * Which town the map shows the villages of: null for the county view. A town wall
 * (`?region=`) is fixed on its town; the county wall drills in on a click and comes back.
 */
export const focusedTown = shallowRef<string | null>(wallRegion);

/** A drilled-in county wall goes back to the towns after this long without a touch. */
export const IDLE_RETURN_MS = 60_000;
let idleTimer = 0;

/** (Re)start the idle countdown back to the county; a touch on the map calls this. */
export function armIdleReturn(): void {
  window.clearTimeout(idleTimer);
  if (focusedTown.value !== null && !wallRegion) {
    idleTimer = window.setTimeout(backToCounty, IDLE_RETURN_MS);
  }
}

export function drillInto(townCode: string): void {
  if (wall.regions.value.get(townCode)?.kind !== 'town') return;
  focusedTown.value = townCode;
  armIdleReturn();
}

export function backToCounty(): void {
  window.clearTimeout(idleTimer);
  if (!wallRegion) focusedTown.value = null;
}

/** The tiles on the map: the county's towns, or the focused town's villages. */
export const mapRegions = computed<Region[]>(() => {
  const town = focusedTown.value;
  if (!town) return towns.value;
  const out: Region[] = [];
  for (const region of wall.regions.value.values()) {
    if (region.kind === 'village' && region.parentCode === town) out.push(region);
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
});

/** The map panel's title. */
export const mapTitle = computed(() => {
  const town = focusedTown.value;
  if (!town) return '镇(街道)民情气象';
  return `${wall.regions.value.get(town)?.name ?? town} · 村(社区)民情气象`;
});
