import { Router } from 'express';
import type { CaseDeadline, TownCaseStats, UnitLoad, WallCasesSummary } from '#contracts';
import { ACTIVE_CASE_STATUSES, CASE_STATUSES, UNITS, WallCasesQuery } from '#contracts';
import { sendError } from '../http/errors.js';
import type { RegionTree } from '../regions/tree.js';
import type { CasesDb } from './db.js';
import { parseOr400 } from '../http/answer.js';
import { caseNumber } from './rows.js';

const ACTIVE = ACTIVE_CASE_STATUSES.map((s) => `'${s}'`).join(',');
const DONE = `'resolved','followedUp','closed'`;
const OVERDUE_CAP = 30;
const DEADLINE_CAP = 200;

interface DeadlineRow {
  id: string;
  seq: number;
  opened_at: number;
  alert_id: string;
  place: string;
  region_code: string;
  title: string;
  level: CaseDeadline['level'];
  unit: CaseDeadline['unit'];
  status: CaseDeadline['status'];
  due: CaseDeadline['due'];
  due_at: number;
  silenced: number;
}

/**
 * What the wall shows about cases, computed in SQL from cases.db so the numbers are the
 * workflow's own (never estimated on the screen). Read-only.
 */
export class WallCaseStats {
  constructor(
    private readonly db: CasesDb,
    private readonly regions: RegionTree,
  ) {}

  summary(now: number, region = this.regions.county.code): WallCasesSummary {
    const like = `${region}%`;
    return {
      at: now,
      region,
      funnel: this.funnel(like),
      towns: this.towns(like, region),
      overdue: this.deadlines(like, now, 'due_at <= @now ORDER BY due_at', OVERDUE_CAP),
      deadlines: this.deadlines(like, now, '1 = 1 ORDER BY due_at', DEADLINE_CAP),
    };
  }

  /** Active cases per handling unit (村 → 镇 → 县), by status and by level. */
  private funnel(like: string): UnitLoad[] {
    const rows = this.db
      .prepare(
        `SELECT unit, status, level, count(*) AS n FROM cases
         WHERE status IN (${ACTIVE}) AND region_code LIKE ? GROUP BY unit, status, level`,
      )
      .all(like) as { unit: string; status: string; level: string; n: number }[];
    return UNITS.map((unit) => {
      const byStatus = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as UnitLoad['byStatus'];
      const byLevel: UnitLoad['byLevel'] = { blue: 0, orange: 0, red: 0 };
      let total = 0;
      for (const row of rows) {
        if (row.unit !== unit) continue;
        total += row.n;
        byStatus[row.status as keyof UnitLoad['byStatus']] += row.n;
        byLevel[row.level as keyof UnitLoad['byLevel']] += row.n;
      }
      return { unit, total, byStatus, byLevel };
    });
  }

  /** 办结率 and 满意率 for each town under `region` (every town of the county by default). */
  private towns(like: string, region: string): TownCaseStats[] {
    const rows = this.db
      .prepare(
        `SELECT substr(region_code, 1, 9) AS town, count(*) AS total,
           sum(status IN (${DONE})) AS done,
           sum(follow_up IS NOT NULL) AS followed,
           sum(json_extract(follow_up, '$.satisfaction') IN ('satisfied', 'basic')) AS happy
         FROM cases WHERE region_code LIKE ? AND length(region_code) >= 9 GROUP BY town`,
      )
      .all(like) as {
      town: string;
      total: number;
      done: number;
      followed: number;
      happy: number;
    }[];
    const byTown = new Map(rows.map((r) => [r.town, r]));
    const towns =
      region.length >= 9
        ? [region.slice(0, 9)]
        : this.regions.children(region).map((town) => town.code);
    return towns.map((code) => {
      const row = byTown.get(code);
      const total = row?.total ?? 0;
      const done = row?.done ?? 0;
      const followedUp = row?.followed ?? 0;
      return {
        regionCode: code,
        total,
        done,
        closureRate: total > 0 ? done / total : null,
        followedUp,
        satisfaction: followedUp > 0 ? (row?.happy ?? 0) / followedUp : null,
      };
    });
  }

  /** Each active case's next deadline: 签收 while open, otherwise 办结. */
  private deadlines(like: string, now: number, tail: string, cap: number): CaseDeadline[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (
           SELECT id, seq, opened_at, alert_id, place, region_code, title, level, unit, status,
             silenced,
             CASE WHEN status = 'open' AND ack_due_at IS NOT NULL THEN 'acknowledge'
                  ELSE 'resolve' END AS due,
             CASE WHEN status = 'open' AND ack_due_at IS NOT NULL THEN ack_due_at
                  ELSE resolve_due_at END AS due_at
           FROM cases WHERE status IN (${ACTIVE}) AND region_code LIKE @like
         ) WHERE due_at IS NOT NULL AND ${tail} LIMIT @cap`,
      )
      .all({ like, now, cap }) as DeadlineRow[];
    return rows.map((r) => ({
      caseId: r.id,
      number: caseNumber(r.seq, r.opened_at),
      alertId: r.alert_id,
      place: r.place,
      regionCode: r.region_code,
      title: r.title,
      level: r.level,
      unit: r.unit,
      status: r.status,
      due: r.due,
      dueAt: r.due_at,
      silenced: r.silenced === 1,
    }));
  }
}

/**
 * GET /api/v1/wall/cases-summary: open to the wall without a login (it shows counts and
 * places, never people's reports); `allowed` refuses it when the deployment sets WALL_TOKEN.
 */
export function wallCasesRouter(deps: {
  stats: WallCaseStats;
  regions: RegionTree;
  clock: () => number;
  allowed?: (token: string | undefined) => boolean;
}): Router {
  const router = Router();
  router.get('/api/v1/wall/cases-summary', (req, res) => {
    const header = req.get('authorization')?.replace(/^Bearer\s+/i, '');
    if (deps.allowed && !deps.allowed(header)) {
      sendError(res, 401, 'unauthorized', '大屏需要访问令牌 / wall token required');
      return;
    }
    const query = parseOr400(res, WallCasesQuery, req.query, 'invalid_query');
    if (!query) return;
    if (query.region && !deps.regions.get(query.region)) {
      sendError(res, 404, 'not_found', `区划 ${query.region} 不存在 / unknown region`);
      return;
    }
    res.json(deps.stats.summary(deps.clock(), query.region));
  });
  return router;
}
