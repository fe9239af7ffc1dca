import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Case, Role, User } from '#contracts';
import { runMigrations } from '../platform/durable-db.js';
import { RegionTree } from '../regions/tree.js';
import { CaseRepository } from './case-repo.js';
import { CASE_MIGRATIONS } from './migrations.js';
import { refusal, userUnit, type UserAction } from './permissions.js';

const tree = new RegionTree([
  { code: '611025', name: '镇安县', kind: 'county', parentCode: null },
  { code: '611025101', name: '回龙镇', kind: 'town', parentCode: '611025' },
  { code: '611025102', name: '铁厂镇', kind: 'town', parentCode: '611025' },
  { code: '611025101202', name: '枣园村', kind: 'village', parentCode: '611025101' },
  { code: '611025101202001', name: '第一组', kind: 'group', parentCode: '611025101202' },
]);

const user = (role: Role, regionCode: string, leads: string[] = []): User => ({
  id: `${role}-${regionCode}`,
  username: `${role}-${regionCode}`,
  name: role,
  role,
  regionCode,
  leads,
  phone: null,
});

const county = user('county', '611025');
const town = user('town', '611025101');
const otherTown = user('town', '611025102');
const village = user('village', '611025101202');
const townStaff = user('staff', '611025101');
const villageStaff = user('staff', '611025101202');
const wall = user('wall', '611025');

const caseAt = (unit: Case['unit'], unitCode: string): Case =>
  ({ regionCode: '611025101202001', unit, unitCode }) as Case;

const verdict = (u: User, c: Case, action: UserAction) => refusal(u, c, action, tree)?.code ?? 'ok';

describe('a user’s level', () => {
  it('is a leader’s role, a service-team member’s region’s unit, and none for a wall', () => {
    expect(userUnit(county, tree)).toBe('county');
    expect(userUnit(village, tree)).toBe('village');
    expect(userUnit(townStaff, tree)).toBe('town');
    expect(userUnit(villageStaff, tree)).toBe('village');
    expect(userUnit(user('staff', '611025101202001'), tree)).toBe('village');
    expect(userUnit(wall, tree)).toBeNull();
  });
});

describe('who may act on a case', () => {
  const townCase = caseAt('town', '611025101');

  it('handling is for the case’s unit only: a level above takes over first, a level below never', () => {
    for (const action of ['acknowledge', 'start', 'resolve'] as const) {
      expect(verdict(town, townCase, action)).toBe('ok');
      expect(verdict(townStaff, townCase, action)).toBe('ok');
      expect(verdict(county, townCase, action)).toBe('take_over_first');
      expect(verdict(village, townCase, action)).toBe('wrong_unit');
      expect(verdict(villageStaff, townCase, action)).toBe('wrong_unit');
      expect(verdict(otherTown, townCase, action)).toBe('out_of_scope');
      expect(verdict(wall, townCase, action)).toBe('forbidden');
    }
    expect(verdict(townStaff, townCase, 'escalate')).toBe('forbidden');
    expect(verdict(town, townCase, 'escalate')).toBe('ok');
    expect(verdict(county, townCase, 'assign')).toBe('take_over_first');
  });

  it('notes and verification are for the case’s unit and above', () => {
    for (const action of ['comment', 'attach'] as const) {
      expect(verdict(county, townCase, action)).toBe('ok');
      expect(verdict(town, townCase, action)).toBe('ok');
      expect(verdict(village, townCase, action)).toBe('wrong_unit');
    }
    for (const action of ['followUp', 'close'] as const) {
      expect(verdict(county, townCase, action)).toBe('ok');
      expect(verdict(town, townCase, action)).toBe('ok');
      expect(verdict(townStaff, townCase, action)).toBe('forbidden');
      expect(verdict(village, townCase, action)).toBe('wrong_unit');
    }
  });

  it('a same-level user who sees the case through 包保 but is not its unit may not handle it', () => {
    const leadsTheVillage = user('town', '611025102', ['611025101202']);
    expect(verdict(leadsTheVillage, townCase, 'resolve')).toBe('wrong_unit');
    expect(refusal(leadsTheVillage, townCase, 'resolve', tree)?.message).toMatch(
      /^该工单由镇级（回龙镇）办理，不在您的管辖范围内，不能办结/,
    );
  });

  it('接管 is for leaders of a level above the case’s unit whose region covers it', () => {
    const villageCase = caseAt('village', '611025101202');
    expect(verdict(town, villageCase, 'takeOver')).toBe('ok');
    expect(verdict(county, villageCase, 'takeOver')).toBe('ok');
    expect(verdict(county, townCase, 'takeOver')).toBe('ok');
    expect(verdict(town, townCase, 'takeOver')).toBe('wrong_unit');
    expect(verdict(village, villageCase, 'takeOver')).toBe('wrong_unit');
    expect(verdict(townStaff, villageCase, 'takeOver')).toBe('forbidden');
    expect(verdict(wall, villageCase, 'takeOver')).toBe('forbidden');
    // A town leader who 包保 a village of another town sees its case but cannot take it over.
    const leadsTheVillage = user('town', '611025102', ['611025101202']);
    expect(verdict(leadsTheVillage, villageCase, 'takeOver')).toBe('out_of_scope');
  });
});

describe('the audit’s origin columns', () => {
  it('are added to an existing cases.db; older records read as null', () => {
    const db = new Database(':memory:');
    runMigrations(db, CASE_MIGRATIONS.slice(0, 1));
    db.prepare(
      `INSERT INTO cases (id, alert_id, alert_status, title, region_code, place, rule_id, rule_key,
         level, status, unit, unit_code, opened_at, updated_at)
       VALUES ('c1', 'a1', 'active', 't', '611025101202', '枣园村', 'r', 'r', 'blue', 'open',
         'village', '611025101202', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO case_events (case_id, at, actor_id, actor_name, action, from_status, to_status)
       VALUES ('c1', 1, 'u1', '孙丽', 'acknowledge', 'open', 'acknowledged')`,
    ).run();
    runMigrations(db, CASE_MIGRATIONS);
    const repo = new CaseRepository(db);
    repo.appendEvent({
      caseId: 'c1',
      at: 2,
      actor: { id: 'u1', name: '孙丽' },
      action: 'comment',
      from: 'acknowledged',
      to: 'acknowledged',
      note: '已到场',
      data: null,
      address: '10.0.0.8',
      userAgent: 'phone',
    });
    expect(repo.events('c1').map((e) => [e.action, e.address, e.userAgent])).toEqual([
      ['acknowledge', null, null],
      ['comment', '10.0.0.8', 'phone'],
    ]);
    expect(() => db.prepare(`UPDATE case_events SET address = 'x'`).run()).toThrow(/append-only/);
  });
});
