import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, AssessmentFigures } from '#contracts';
import { ASSESSMENT_COLUMNS_ZH } from '#contracts';
import { assessmentOf, figuresOf, seedAssessment } from '../helpers/assessment-seed.js';
import { HUILONG, ZAOYUAN, api } from '../helpers/cases.js';
import type { TestServer } from '../helpers/server.js';

/** 考核 read another way: the Excel workbook, and the wall's read without a login. */

let server: TestServer;
let token: Record<string, string>;

const assessment = (who: string, query = '') => assessmentOf(server, token, who, query);

beforeAll(async () => {
  ({ server, token } = await seedAssessment());
});

afterAll(async () => {
  await server?.close();
});

describe('考核: per town and village, the orders of a period', () => {
  it('the Excel workbook holds the same figures, with Chinese headers and the period', async () => {
    const a = await assessment('county');
    const res = await fetch(`${server.url}/api/v1/assessment.xlsx`, {
      headers: { authorization: `Bearer ${token.county}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain(
      '考核_镇安县_2026-11-01_2026-11-30.xlsx',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['乡镇', '村（社区）']);

    const columns = Object.keys(ASSESSMENT_COLUMNS_ZH) as (keyof AssessmentFigures)[];
    const read = (ws: ExcelJS.Worksheet, lead: number) => {
      const title = String(ws.getCell(1, 1).value);
      expect(title).toContain('考核周期：2026-11-01 至 2026-11-30');
      // Generated at the injected clock: 2026-11-13 18:00 in the county.
      expect(title).toContain('生成时间：2026-11-13 18:00:00（北京时间）');
      const headers = (ws.getRow(2).values as unknown[]).slice(1 + lead);
      expect(headers).toEqual(columns.map((c) => ASSESSMENT_COLUMNS_ZH[c]));
      const rows = new Map<string, Record<string, unknown>>();
      ws.eachRow((r, n) => {
        if (n < 3) return;
        const values = (r.values as unknown[]).slice(1);
        rows.set(
          String(values[0]),
          Object.fromEntries(columns.map((c, i) => [c, values[lead + i] ?? null])),
        );
      });
      return rows;
    };

    const towns = wb.getWorksheet('乡镇') as ExcelJS.Worksheet;
    expect(String(towns.getCell(2, 2).value)).toBe('乡镇（街道）');
    const townRows = read(towns, 2);
    expect(townRows.size).toBe(a.towns.length + 1);
    for (const t of [...a.towns, a.total]) {
      expect(townRows.get(t.regionCode), t.regionCode).toEqual(figuresOf(t));
    }
    const total = towns.getRow(townRows.size + 2);
    expect(String(total.getCell(2).value)).toBe('合计（镇安县）');
    const rateColumn = 3 + columns.indexOf('signOnTimeRate');
    expect(total.getCell(rateColumn).numFmt).toBe('0.0%');
    expect(total.getCell(rateColumn).value).toBe(4 / 6);

    const villages = wb.getWorksheet('村（社区）') as ExcelJS.Worksheet;
    const villageRows = read(villages, 3);
    expect(villageRows.size).toBe(a.villages.length);
    for (const v of a.villages) {
      expect(villageRows.get(v.regionCode), v.regionCode).toEqual(figuresOf(v));
    }
    const zaoyuan = villages
      .getRows(3, villages.rowCount - 2)
      ?.find((r) => r.getCell(1).value === ZAOYUAN);
    expect([zaoyuan?.getCell(2).value, zaoyuan?.getCell(3).value]).toEqual(['回龙镇', '枣园村']);
    expect(zaoyuan?.getCell(4 + columns.indexOf('closureRate')).numFmt).toBe('0.0%');
  });

  it('the wall reads this month without a login: the county, or a town; never a village', async () => {
    const county = await assessment('county');
    const wall = await api<Assessment>(server.url, null, 'GET', '/api/v1/wall/assessment');
    expect(wall.status).toBe(200);
    expect(figuresOf(wall.body.total)).toEqual(figuresOf(county.total));
    expect(wall.body.towns.map((t) => t.regionCode)).toEqual(county.towns.map((t) => t.regionCode));
    const town = await api<Assessment>(
      server.url,
      null,
      'GET',
      `/api/v1/wall/assessment?region=${HUILONG}`,
    );
    expect(town.body.regionCode).toBe(HUILONG);
    expect(town.body.villages.map((v) => v.regionCode)).toContain(ZAOYUAN);
    const village = await api(server.url, null, 'GET', `/api/v1/wall/assessment?region=${ZAOYUAN}`);
    expect(village.status).toBe(404);
    const bad = await api(server.url, null, 'GET', '/api/v1/wall/assessment?town=1');
    expect(bad.status).toBe(400);
  });
});
