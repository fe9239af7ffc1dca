import { computed, reactive, shallowRef } from 'vue';
import type { OrderChanged, Region, User } from '#contracts';

/**
 * The console's session: who is signed in, whether the live socket is up, and the last order
 * change it brought. The socket writes here (socket.ts); the queue and the order page watch it.
 */
export const session = reactive({
  user: null as User | null,
  /** The first /auth/me has answered (so the login form does not flash for a signed-in user). */
  checked: false,
  connected: false,
});

/** The latest `order:changed`, with a counter so two changes of one order both trigger. */
export const lastChange = shallowRef<{ seq: number; change: OrderChanged } | null>(null);
let changeSeq = 0;

export function orderChanged(change: OrderChanged): void {
  changeSeq += 1;
  lastChange.value = { seq: changeSeq, change };
}

/** The socket's connection; a refused session signs the page out. */
export function setConnected(connected: boolean, options: { unauthorized?: boolean } = {}): void {
  session.connected = connected;
  if (options.unauthorized) session.user = null;
}

/** The county's region tree (for the region filter and the unit pickers). */
export const regionList = shallowRef<Region[]>([]);

export const regionByCode = computed(() => new Map(regionList.value.map((r) => [r.code, r])));

/** 回龙镇·枣园村 (town and village, without the county). */
export function placeName(code: string): string {
  const parts: string[] = [];
  let region = regionByCode.value.get(code);
  while (region && region.kind !== 'county') {
    parts.unshift(region.name);
    region = region.parentCode ? regionByCode.value.get(region.parentCode) : undefined;
  }
  return parts.join('·') || (regionByCode.value.get(code)?.name ?? code);
}

/** The roots of the user's scope: their region and the regions they 包保. */
export function scopeRoots(user: User): string[] {
  return [user.regionCode, ...user.leads];
}

export function inScope(user: User, code: string): boolean {
  return scopeRoots(user).some((root) => code.startsWith(root));
}

/** Only county and town users may correct a report's colour or category (the API checks too). */
export function mayCorrect(user: User | null): boolean {
  return user?.role === 'county' || user?.role === 'town';
}
