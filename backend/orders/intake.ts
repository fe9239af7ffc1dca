import type { Report, WorkOrder } from '#contracts';
import { countyDayCode } from '#contracts/county-time';
import { assignUnit } from '../cases/policy.js';
import { SYSTEM, publicOrder, type OrderCore } from './core.js';
import { REPORT_IDS_SHOWN } from './order-repo.js';
import { UNWORKED_ORDER, type StoredOrder } from './rows.js';

/** Which alert case, if any, covers a report now (the composition root asks the case module). */
export type CaseFinder = (
  report: Pick<Report, 'regionCode' | 'category' | 'receivedAt'>,
) => string | null;

const RANK: Record<WorkOrder['unit'], number> = { village: 0, town: 1, county: 2 };

/**
 * The unit a report goes to by the policy: its colour's (a question or thanks, none, goes where
 * blue does), or higher when the policy sends its category to a higher level.
 */
export function unitFor(
  core: OrderCore,
  report: Pick<Report, 'level' | 'category'>,
): WorkOrder['unit'] {
  const policy = core.deps.policy;
  const byColour = policy.forLevel(report.level === 'none' ? 'blue' : report.level).unit;
  const byCategory = policy.categoryUnit(report.category);
  return byCategory && RANK[byCategory] > RANK[byColour] ? byCategory : byColour;
}

/**
 * Every accepted report becomes a work order (登记), sent at once to the unit of its colour
 * (派单), or kept at the county for the dispatcher (待分拨) when no village is known. A repeat
 * appeal (重复诉求) joins the open order it repeats instead. Idempotent per report: a report
 * that already has its order is skipped, so a restart may offer the same reports again.
 */
export class OrderIntake {
  constructor(
    private readonly core: OrderCore,
    private readonly caseFor: CaseFinder = () => null,
  ) {}

  /** Take in a batch of reports in one transaction. Returns how many orders were opened. */
  take(reports: readonly Report[]): number {
    if (reports.length === 0) return 0;
    return this.core.run((changed) => {
      let opened = 0;
      for (const report of reports) {
        if (this.core.repo.hasReport(report.id)) continue;
        if (this.join(report, changed)) continue;
        this.open(report, changed);
        opened++;
      }
      return opened;
    });
  }

  private join(report: Report, changed: Parameters<OrderCore['record']>[0]): boolean {
    if (!report.repeatOf) return false;
    const earlier = this.core.repo.orderOfReport(report.repeatOf);
    if (!earlier || earlier.status === 'closed') return false;
    this.core.repo.addReport(earlier.id, report.id, report.receivedAt);
    const joined: StoredOrder = {
      ...earlier,
      reportIds:
        earlier.reportIds.length < REPORT_IDS_SHOWN
          ? [...earlier.reportIds, report.id]
          : earlier.reportIds,
      reportCount: earlier.reportCount + 1,
    };
    this.core.record(
      changed,
      earlier,
      joined,
      {
        actor: SYSTEM,
        action: 'join',
        note: '同一诉求再次反映，并入本工单',
        data: { reportId: report.id, source: report.source },
      },
      report.receivedAt,
    );
    return true;
  }

  private open(report: Report, changed: Parameters<OrderCore['record']>[0]): void {
    const { core } = this;
    const tree = core.deps.tree;
    const at = report.receivedAt;
    const wanted = unitFor(core, report);
    const target = assignUnit(tree, report.regionCode, wanted);
    // A village's work with no village known (a town, or the county) waits for the dispatcher.
    const placed = target.unit === wanted;
    const base: StoredOrder = {
      id: `wo-${report.id}`,
      number: core.repo.nextNumber(countyDayCode(at)),
      status: 'registered',
      level: report.level,
      category: report.category,
      source: report.source,
      regionCode: report.regionCode,
      place: core.place(report.regionCode),
      unit: 'county',
      unitCode: tree.county.code,
      unitPlace: core.place(tree.county.code),
      reportIds: [report.id],
      reportCount: 1,
      text: report.text,
      reason: report.judgement?.explanation ?? null,
      caseId: this.caseFor(report),
      openedAt: at,
      updatedAt: at,
      // 待分拨: the dispatcher places it within the county's time to sign.
      signDueAt: at + core.deps.policy.ackMs('county'),
      ...UNWORKED_ORDER,
      externalId: report.externalId,
    };
    // Stored once in its final state, with both records: intake is the hot path of a batch.
    const order = placed ? core.handTo(base, target.unit, target.unitCode, at) : base;
    core.repo.insert(order);
    core.repo.appendEvent({
      orderId: order.id,
      at,
      actor: SYSTEM,
      action: 'register',
      from: null,
      to: 'registered',
      note: placed ? null : '地点未能确定到村（社区），待县指挥中心分拨',
      data: { reportId: report.id, level: report.level, category: report.category },
    });
    if (placed) {
      core.repo.appendEvent({
        orderId: order.id,
        at,
        actor: SYSTEM,
        action: 'dispatch',
        from: 'registered',
        to: 'dispatched',
        data: { unit: target.unit, unitCode: target.unitCode, by: 'policy' },
      });
    }
    changed.push({ order: publicOrder(order), action: placed ? 'dispatch' : 'register' });
  }
}
