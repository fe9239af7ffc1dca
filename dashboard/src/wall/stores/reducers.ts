import type {
  Alert,
  ChannelHealth,
  IndexUpdated,
  LevelChanged,
  Region,
  RegionLevel,
  ReportView,
  ServerToClientEvents,
  SystemStatus,
  WallSnapshot,
} from '#contracts';
import { WEATHER_OF } from '#contracts/vocabulary';
import type { CategoryTrend, Trend } from './windows.js';
import { countIntoCategories, countIntoTrend } from './windows.js';

/**
 * What every server event does to the wall, as pure functions: (state, event) → the changes.
 * They read plain values, never a store, a timer or the clock (times come in as arguments), so
 * they are tested without a browser. `apply.ts` reads the stores, calls these and writes back
 * exactly what they return; nothing else writes what the socket brings.
 */

export const RECENT_REPORTS_CAP = 50;

type EventName = Exclude<keyof ServerToClientEvents, 'snapshot' | 'reports:new'>;

/**
 * One thing that happened on the `/wall` namespace (all but the snapshot): a server event as the
 * socket received it, except that a `reports:new` packet (reports gathered over 100 ms) arrives
 * here as one `report:new` per report, in order.
 */
export type WallEvent =
  | {
      [K in EventName]: { name: K; payload: Parameters<ServerToClientEvents[K]>[0] };
    }[EventName]
  | { name: 'report:new'; payload: ReportView };

const FRAME_EVENT_NAMES = [
  'report:new',
  'level:changed',
  'index:updated',
  'alert:raised',
  'alert:updated',
  'alert:cleared',
] as const;

/**
 * The events that redraw the picture (map, alerts, feed, trends): queued and applied once per
 * animation frame in arrival order, and applied again over a snapshot that was on its way.
 */
export type FrameEvent = Extract<WallEvent, { name: (typeof FRAME_EVENT_NAMES)[number] }>;

export function isFrameEvent(event: WallEvent): event is FrameEvent {
  return (FRAME_EVENT_NAMES as readonly string[]).includes(event.name);
}

// ---- The picture: snapshot and frame events ----

/** What the frame events read. */
export interface LiveState {
  levels: ReadonlyMap<string, RegionLevel>;
  /** Open alerts by id. */
  alerts: ReadonlyMap<string, Alert>;
  /** Newest first, at most RECENT_REPORTS_CAP. */
  reports: readonly ReportView[];
  /** Server time of the newest index reading applied, so a late reading never wins. */
  indexAt: number;
  trend: Trend | null;
  categoryTrend: CategoryTrend | null;
}

/** What a frame changed: only the keys and values that moved (absent = unchanged). */
export interface LiveChanges {
  /** Region readings to set (a tile re-renders only when its own key is set). */
  levels: ReadonlyMap<string, RegionLevel>;
  /** Alerts to set, or to remove (null). */
  alerts: ReadonlyMap<string, Alert | null>;
  reports?: readonly ReportView[];
  indexAt?: number;
  trend?: Trend;
  categoryTrend?: CategoryTrend;
  /** When the wall last received data (this browser's clock). */
  lastDataAt?: number;
}

export interface FrameOptions {
  /**
   * Events applied a second time over a fresh snapshot: the picture takes them again (every step
   * is idempotent and guarded by the event's own time), the count windows do not (they counted
   * them the first time, and a snapshot does not reset them).
   */
  replay?: boolean;
}

/**
 * Apply a frame's worth of events in arrival order. Every step is guarded by the event's own
 * time, so applying an event twice (around a snapshot) or late never moves the wall backwards.
 */
export function reduceFrame(
  state: LiveState,
  events: readonly FrameEvent[],
  receivedAt: number,
  options: FrameOptions = {},
): LiveChanges {
  const levels = new Map<string, RegionLevel>();
  const alerts = new Map<string, Alert | null>();
  const levelNow = (code: string) => levels.get(code) ?? state.levels.get(code);
  const alertNow = (id: string) => (alerts.has(id) ? alerts.get(id) : state.alerts.get(id));
  let indexAt = state.indexAt;
  const fresh: ReportView[] = [];

  for (const event of events) {
    switch (event.name) {
      case 'report:new':
        fresh.push(event.payload);
        break;
      case 'level:changed': {
        const next = levelAfterChange(levelNow(event.payload.regionCode), event.payload);
        if (next) levels.set(next.regionCode, next);
        break;
      }
      case 'index:updated': {
        if (event.payload.at < indexAt) break;
        indexAt = event.payload.at;
        for (const next of levelsAfterIndex(levelNow, event.payload)) {
          levels.set(next.regionCode, next);
        }
        break;
      }
      case 'alert:raised':
      case 'alert:updated': {
        const alert = event.payload;
        const current = alertNow(alert.id);
        if (current && alert.updatedAt < current.updatedAt) break;
        alerts.set(alert.id, alert.status === 'active' ? alert : null);
        break;
      }
      case 'alert:cleared':
        alerts.set(event.payload.id, null);
        break;
    }
  }

  const changes: LiveChanges = { levels, alerts };
  if (indexAt !== state.indexAt) changes.indexAt = indexAt;
  if (fresh.length > 0) {
    changes.reports = prependReports(state.reports, fresh);
    if (!options.replay) {
      if (state.trend) changes.trend = countIntoTrend(state.trend, fresh);
      if (state.categoryTrend) {
        changes.categoryTrend = countIntoCategories(state.categoryTrend, fresh);
      }
    }
  }
  if (events.length > 0) changes.lastDataAt = receivedAt;
  return changes;
}

/** A region's new reading after a level change; null when the change is older than the reading. */
export function levelAfterChange(
  current: RegionLevel | undefined,
  change: LevelChanged,
): RegionLevel | null {
  if (current && change.at < current.since) return null;
  return {
    regionCode: change.regionCode,
    level: change.level,
    weather: change.weather,
    index: change.index,
    explanation: change.explanation,
    since: change.at,
  };
}

/** The readings an index update moves (a region without one starts calm, with the index). */
function levelsAfterIndex(
  levelNow: (code: string) => RegionLevel | undefined,
  update: IndexUpdated,
): RegionLevel[] {
  const out: RegionLevel[] = [];
  for (const [regionCode, index] of Object.entries(update.indices)) {
    const current = levelNow(regionCode);
    if (current?.index === index) continue;
    out.push(
      current
        ? { ...current, index }
        : {
            regionCode,
            level: 'none',
            weather: WEATHER_OF.none,
            index,
            explanation: null,
            since: update.at,
          },
    );
  }
  return out;
}

/** New reports first (newest first, each id once), then the kept ones, capped. */
export function prependReports(
  current: readonly ReportView[],
  fresh: readonly ReportView[],
): ReportView[] {
  const seen = new Set<string>();
  const next: ReportView[] = [];
  for (let i = fresh.length - 1; i >= 0 && next.length < RECENT_REPORTS_CAP; i--) {
    const report = fresh[i]!;
    if (!seen.has(report.id)) {
      seen.add(report.id);
      next.push(report);
    }
  }
  for (const report of current) {
    if (next.length >= RECENT_REPORTS_CAP) break;
    if (!seen.has(report.id)) {
      seen.add(report.id);
      next.push(report);
    }
  }
  return next;
}

/** Which red alerts still wait for 签收 (the red takeover), and which need none. */
export interface TakeoverState {
  awaiting: ReadonlySet<string>;
  /**
   * Red alerts that take over no more: signed (seen live), or active at the last snapshot without
   * waiting for 签收 (signed before it, or silenced). Their updates never bring them back.
   */
  settled: ReadonlySet<string>;
}

/** Everything a snapshot replaces. */
export interface SnapshotState {
  county: WallSnapshot['county'];
  regions: ReadonlyMap<string, Region>;
  levels: ReadonlyMap<string, RegionLevel>;
  alerts: ReadonlyMap<string, Alert>;
  reports: readonly ReportView[];
  indexAt: number;
  status: SystemStatus | null;
  takeover: TakeoverState;
  channels: readonly ChannelHealth[];
  snapshotAt: number;
  lastDataAt: number;
}

/**
 * A snapshot is the whole picture: nothing of the old one survives it. The server says which red
 * alerts wait for 签收 (`awaitingAck`: not signed, not silenced); every other active red alert it
 * lists is settled, so the updates each new report brings leave it off the takeover.
 */
export function reduceSnapshot(snapshot: WallSnapshot, receivedAt: number): SnapshotState {
  const awaiting = new Set(snapshot.awaitingAck ?? []);
  const settled = new Set(
    snapshot.alerts
      .filter((a) => a.status === 'active' && a.level === 'red' && !awaiting.has(a.id))
      .map((a) => a.id),
  );
  return {
    county: snapshot.county,
    regions: new Map(snapshot.regions.map((r) => [r.code, r])),
    levels: new Map(snapshot.levels.map((l) => [l.regionCode, l])),
    alerts: new Map(snapshot.alerts.filter((a) => a.status === 'active').map((a) => [a.id, a])),
    reports: [...snapshot.recentReports]
      .sort((a, b) => b.receivedAt - a.receivedAt)
      .slice(0, RECENT_REPORTS_CAP),
    indexAt: snapshot.serverTime,
    status: snapshot.status ?? null,
    takeover: { awaiting, settled },
    channels: snapshot.notifyHealth ?? [],
    snapshotAt: receivedAt,
    lastDataAt: receivedAt,
  };
}

// ---- Small state: applied the moment the event arrives ----

/** What the instant events read. */
export interface InstantState {
  takeover: TakeoverState;
  /** Outgoing notification channels as the server last reported them. */
  channels: readonly ChannelHealth[];
  status: SystemStatus | null;
  /** Alert and case events seen: the case poller refetches the summary when this moves. */
  caseEvents: number;
}

/**
 * The small values an event sets at once, not per frame: the takeover's waiting list, the
 * channel badge, the store's health, and the case-event count. Absent = unchanged.
 */
export function reduceInstant(state: InstantState, event: WallEvent): Partial<InstantState> {
  switch (event.name) {
    case 'alert:raised':
    case 'alert:updated': {
      const takeover = takeoverAfterAlert(state.takeover, event.payload);
      return {
        caseEvents: state.caseEvents + 1,
        ...(takeover !== state.takeover ? { takeover } : {}),
      };
    }
    case 'alert:cleared':
    case 'cases:changed':
      return { caseEvents: state.caseEvents + 1 };
    case 'case:acknowledged':
      return {
        caseEvents: state.caseEvents + 1,
        takeover: takeoverAfterAck(state.takeover, event.payload.alertId),
      };
    case 'notify:health':
      return { channels: event.payload };
    case 'system:status':
      return { status: event.payload };
    default:
      return {};
  }
}

/** A red alert raised (or an alert risen to red) waits for 签收 unless it is settled. */
export function takeoverAfterAlert(state: TakeoverState, alert: Alert): TakeoverState {
  if (alert.level !== 'red' || alert.status !== 'active') return state;
  if (state.settled.has(alert.id) || state.awaiting.has(alert.id)) return state;
  return { ...state, awaiting: new Set([...state.awaiting, alert.id]) };
}

/** Signed anywhere (the leader page, the API): the takeover ends on every wall. */
export function takeoverAfterAck(state: TakeoverState, alertId: string): TakeoverState {
  const awaiting = new Set(state.awaiting);
  awaiting.delete(alertId);
  return { awaiting, settled: new Set([...state.settled, alertId]) };
}

/**
 * The alerts the takeover shows, newest first: active, red, waiting for 签收, and not silenced.
 * `silenced` comes from the case summary (refetched within a second of an alert event): a red
 * alert raised live during a silence leaves the takeover as soon as the summary names it, and
 * comes back if a later raise is not silenced.
 */
export function takeoverAlertsOf(
  alerts: Iterable<Alert>,
  takeover: TakeoverState,
  silenced: ReadonlySet<string>,
): Alert[] {
  return [...alerts]
    .filter(
      (a) =>
        a.status === 'active' &&
        a.level === 'red' &&
        takeover.awaiting.has(a.id) &&
        !silenced.has(a.id),
    )
    .sort((a, b) => b.raisedAt - a.raisedAt);
}

// ---- The connection ----

export type ReconnectNoteKind = 'recovered' | 'reloaded';

export const NOTE_TEXT: Record<ReconnectNoteKind, string> = {
  recovered: '已恢复断线期间的数据',
  reloaded: '已重新加载最新数据',
};

export interface ConnectionState {
  connected: boolean;
  /** Disconnected long enough that the wall must say its data may be old. */
  stale: boolean;
  /** When the wall last received data (this browser's clock, epoch ms). */
  lastDataAt: number | null;
  /** Shown for a few seconds after a reconnect: how the wall caught up. */
  note: { kind: ReconnectNoteKind; text: string } | null;
}

/** What the socket's own life does to the connection state. */
export type ConnectionEvent =
  | { type: 'connected' }
  | { type: 'disconnected' }
  /** The stale timer ran out: stale if still not connected. */
  | { type: 'stale-check' }
  | { type: 'note'; kind: ReconnectNoteKind }
  | { type: 'note-expired' };

export function reduceConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case 'connected':
      return { ...state, connected: true, stale: false };
    case 'disconnected':
      return { ...state, connected: false };
    case 'stale-check':
      return state.connected ? state : { ...state, stale: true };
    case 'note':
      return { ...state, note: { kind: event.kind, text: NOTE_TEXT[event.kind] } };
    case 'note-expired':
      return { ...state, note: null };
  }
}
