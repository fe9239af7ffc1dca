import ExcelJS from 'exceljs';
import type { Assessment, AssessmentFigures, AssessmentRow } from '#contracts';
import { ASSESSMENT_COLUMNS_ZH, countyFields } from '#contracts';
import { countyDay } from './period.js';

/** The figures that are shares, shown as percentages. */
const RATES = new Set<keyof AssessmentFigures>([
  'closureRate',
  'signOnTimeRate',
  'answerOnTimeRate',
  'satisfactionRate',
  'reopenRate',
]);
const FIGURES = Object.keys(ASSESSMENT_COLUMNS_ZH) as (keyof AssessmentFigures)[];
const PERCENT = '0.0%';
const IDEOGRAPHIC_SPACE = '\u3000';

const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-12-15 10:30:00 (北京时间) */
function countyTime(ms: number): string {
  const f = countyFields(ms);
  return `${countyDay(ms)} ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}（北京时间）`;
}

interface Sheet {
  name: string;
  /** The columns before the figures: header and what each row puts there. */
  lead: { header: string; width: number; value: (r: AssessmentRow) => string }[];
  rows: AssessmentRow[];
  total?: AssessmentRow;
}

/** A file name for the download: 考核_回龙镇_2026-12-01_2026-12-31.xlsx */
export function workbookName(a: Assessment): string {
  const place = a.total.place.replace(/[\\/:*?"<>|·]/g, '');
  return `考核_${place}_${a.from}_${a.to}.xlsx`;
}

/**
 * The figures as an Excel workbook: a sheet of towns (乡镇, with the total) and one of villages
 * (村（社区）); a title row with the place, the period and when it was made, county time; Chinese
 * headers; shares as percentages (the cells hold the exact share, as the API gives it).
 */
export async function assessmentWorkbook(a: Assessment): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '民情气象';
  wb.created = new Date(a.generatedAt);
  const town = { header: '乡镇（街道）', width: 14, value: (r: AssessmentRow) => townName(a, r) };
  const code = { header: '区划代码', width: 14, value: (r: AssessmentRow) => r.regionCode };
  const sheets: Sheet[] = [
    {
      name: '乡镇',
      lead: [code, { ...town, value: (r) => (r === a.total ? `合计（${r.place}）` : r.name) }],
      rows: a.towns,
      total: a.total,
    },
    {
      name: '村（社区）',
      lead: [code, town, { header: '村（社区）', width: 14, value: (r) => r.name }],
      rows: a.villages,
    },
  ];
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 2 }] });
    const width = sheet.lead.length + FIGURES.length;
    ws.mergeCells(1, 1, 1, width);
    const title = ws.getCell(1, 1);
    title.value = [
      `${a.total.place}工单考核（${sheet.name}）`,
      `考核周期：${a.from} 至 ${a.to}`,
      `生成时间：${countyTime(a.generatedAt)}`,
    ].join(IDEOGRAPHIC_SPACE);
    title.font = { bold: true, size: 13 };
    const header = ws.getRow(2);
    header.values = [
      ...sheet.lead.map((c) => c.header),
      ...FIGURES.map((f) => ASSESSMENT_COLUMNS_ZH[f]),
    ];
    header.font = { bold: true };
    header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    sheet.lead.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
    FIGURES.forEach((f, i) => {
      const column = ws.getColumn(sheet.lead.length + i + 1);
      column.width = RATES.has(f) ? 11 : 9;
      if (RATES.has(f)) column.numFmt = PERCENT;
    });
    const rows = sheet.total ? [...sheet.rows, sheet.total] : sheet.rows;
    for (const r of rows) {
      const added = ws.addRow([...sheet.lead.map((c) => c.value(r)), ...FIGURES.map((f) => r[f])]);
      if (r === sheet.total) added.font = { bold: true };
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function townName(a: Assessment, r: AssessmentRow): string {
  if (r.kind === 'town') return r.name;
  return a.towns.find((t) => t.regionCode === r.townCode)?.name ?? r.place.split('·')[0] ?? '';
}
