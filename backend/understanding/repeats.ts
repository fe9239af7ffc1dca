import { repeatKey, type RepeatKey } from './repeat-key.js';
import type { RepeatCandidate } from './understanding.js';
import { REPEAT_WINDOW_MS } from './understanding.js';

/**
 * 重复诉求: a report repeats an earlier one when, in the same village and within 7 days before
 * it, the same caller or the same text was reported (see repeat-key.ts). Every repeat links to
 * the earliest such report still in the window — the original appeal — so five calls about one
 * thing read as one appeal and four repeats of it, not as a ladder.
 */

/** How often (by the clock) the whole index is swept of reports older than the window. */
const SWEEP_EVERY_MS = 10 * 60_000;
/** forget() follows a remember() in the same ingest call; this many recent ids are enough. */
const RECENT_CAP = 50_000;

/** One key's reports, sorted by time; parallel arrays, as a week holds many of them. */
interface Links {
  at: number[];
  ids: string[];
}

/** Keyed per village, then by phone hash (string) or text hash (number: no string to hash). */
interface VillageLinks {
  phones: Map<string, Links>;
  texts: Map<number, Links>;
}

export class RepeatIndex {
  private readonly villages = new Map<string, VillageLinks>();
  /** The last RECENT_CAP remembered ids and their keys, newest last, for forget(). */
  private readonly recentIds: Array<string | undefined> = new Array<string | undefined>(RECENT_CAP);
  private readonly recentKeys: Array<RepeatKey | undefined> = new Array<RepeatKey | undefined>(
    RECENT_CAP,
  );
  private recentAt = 0;
  private lastSweep = -Infinity;
  /** Ingest asks findRepeat then remember for the same report: its key is computed once. */
  private last: { report: RepeatCandidate; key: RepeatKey } | null = null;

  constructor(
    private readonly clock: () => number,
    private readonly windowMs = REPEAT_WINDOW_MS,
  ) {}

  /** The earliest report sharing a key within the window before this one, or null. */
  findRepeat(report: RepeatCandidate): string | null {
    const from = report.occurredAt - this.windowMs;
    let best: string | null = null;
    let bestAt = Infinity;
    for (const links of this.linksOf(this.keyOf(report), false)) {
      const i = lowerBound(links.at, from);
      // The first at or after `from` is the earliest in the window; one at the same time as this
      // report still counts (a batch), one after it does not (a late report is no repeat of it).
      for (let j = i; j < links.at.length; j++) {
        const at = links.at[j] as number;
        if (at > report.occurredAt || at >= bestAt) break;
        if (links.ids[j] === report.id) continue;
        best = links.ids[j] as string;
        bestAt = at;
        break;
      }
    }
    return best;
  }

  remember(report: RepeatCandidate): void {
    const now = this.clock();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    if (report.occurredAt < now - this.windowMs) return;
    const key = this.keyOf(report);
    const all = this.linksOf(key, true);
    if (all.length === 0) return;
    for (const links of all) insertSorted(links, report.occurredAt, report.id);
    this.recentIds[this.recentAt] = report.id;
    this.recentKeys[this.recentAt] = key;
    this.recentAt = (this.recentAt + 1) % RECENT_CAP;
  }

  /** A report that was not stored after all (a duplicate): nothing may link to it. */
  forget(id: string): void {
    // Newest first: the id was remembered moments ago, in the same ingest call.
    for (let n = 1; n <= RECENT_CAP; n++) {
      const slot = (this.recentAt - n + RECENT_CAP) % RECENT_CAP;
      const recent = this.recentIds[slot];
      if (recent === undefined) return;
      if (recent !== id) continue;
      const key = this.recentKeys[slot] as RepeatKey;
      this.recentIds[slot] = '';
      for (const links of this.linksOf(key, false)) {
        const i = links.ids.lastIndexOf(id);
        if (i < 0) continue;
        links.at.splice(i, 1);
        links.ids.splice(i, 1);
      }
      return;
    }
  }

  /** Stored reports, oldest first, at start. */
  rebuild(reports: readonly RepeatCandidate[]): void {
    for (const report of reports) this.remember(report);
  }

  /** How many keys are held (tests: expired ones must go). */
  get size(): number {
    let n = 0;
    for (const v of this.villages.values()) n += v.phones.size + v.texts.size;
    return n;
  }

  /** Drop reports older than the window; amortized, at most once per SWEEP_EVERY_MS of clock. */
  sweep(now = this.clock()): void {
    this.lastSweep = now;
    const cutoff = now - this.windowMs;
    for (const [code, village] of this.villages) {
      prune(village.phones, cutoff);
      prune(village.texts, cutoff);
      if (village.phones.size === 0 && village.texts.size === 0) this.villages.delete(code);
    }
  }

  private keyOf(report: RepeatCandidate): RepeatKey {
    if (this.last?.report !== report) this.last = { report, key: repeatKey(report) };
    return this.last.key;
  }

  /** The key's link lists (phone first), created when `create`. */
  private linksOf(key: RepeatKey, create: boolean): Links[] {
    let village = this.villages.get(key.village);
    if (!village) {
      if (!create || (key.phone === null && key.text === null)) return [];
      village = { phones: new Map(), texts: new Map() };
      this.villages.set(key.village, village);
    }
    const out: Links[] = [];
    if (key.phone !== null) {
      const links = village.phones.get(key.phone) ?? (create ? newLinks() : undefined);
      if (links) {
        if (create) village.phones.set(key.phone, links);
        out.push(links);
      }
    }
    if (key.text !== null) {
      const links = village.texts.get(key.text) ?? (create ? newLinks() : undefined);
      if (links) {
        if (create) village.texts.set(key.text, links);
        out.push(links);
      }
    }
    return out;
  }
}

function newLinks(): Links {
  return { at: [], ids: [] };
}

function prune<K>(map: Map<K, Links>, cutoff: number): void {
  for (const [key, links] of map) {
    const dead = lowerBound(links.at, cutoff);
    if (dead === links.at.length) {
      map.delete(key); // all expired, or emptied by forget()
      continue;
    }
    if (dead === 0) continue;
    links.at.splice(0, dead);
    links.ids.splice(0, dead);
  }
}

/** First index whose time is ≥ `t`. */
function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Reports mostly arrive in time order, so this is an append; a late one moves back a little. */
function insertSorted(links: Links, at: number, id: string): void {
  let i = links.at.length;
  while (i > 0 && (links.at[i - 1] as number) > at) i--;
  if (i === links.at.length) {
    links.at.push(at);
    links.ids.push(id);
  } else {
    links.at.splice(i, 0, at);
    links.ids.splice(i, 0, id);
  }
}
