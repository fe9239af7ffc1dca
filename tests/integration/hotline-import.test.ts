import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, REPO, startServer, type TestServer } from '../helpers/server.js';

const CLI = join(REPO, 'collectors/hotline/import-cli.ts');
const TSX = join(REPO, 'node_modules/.bin/tsx');
const FIXTURES = join(REPO, 'tests/fixtures');

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'hotline-import-'));
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Summary {
  imported: number;
  duplicates: number;
  rejected: number;
  triage: number;
  lines: number;
  seconds: number;
  maxRssMB: number;
  rejectsFile: string;
}

/** Run `npm run import:hotline`'s script as its own process; stdout's last line is the summary. */
async function runImport(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; summary?: Summary; stderr: string }> {
  const child = spawn(TSX, [CLI, ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const last = stdout.trim().split('\n').pop();
  return { code, stderr, summary: last ? (JSON.parse(last) as Summary) : undefined };
}

/** The rejects file's rows: the original cells, then line and reason. */
function rejectsOf(file: string): Array<{ line: number; reason: string; first: string }> {
  const rows = parse(readFileSync(file, 'utf8'), { relax_column_count: true }) as string[][];
  return rows.slice(1).map((cells) => ({
    line: Number(cells.at(-2)),
    reason: cells.at(-1) ?? '',
    first: cells[0] ?? '',
  }));
}

describe('npm run import:hotline', () => {
  it('imports a call-centre export: counts, rejects with lines and reasons, triage', async () => {
    const rejects = join(dir, 'orders.rejects.csv');
    const args = [
      join(FIXTURES, 'hotline-orders.csv'),
      '--url',
      server.url,
      '--key',
      KEYS.hotline,
      '--rejects',
      rejects,
    ];
    const first = await runImport(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.summary).toMatchObject({
      lines: 9,
      imported: 5,
      duplicates: 1,
      rejected: 3,
      triage: 2,
      rejectsFile: rejects,
    });
    const found = rejectsOf(rejects).sort((a, b) => a.line - b.line);
    expect(found.map((r) => [r.line, r.first])).toEqual([
      [7, 'RX-0005'],
      [8, 'RX-0006'],
      [9, 'RX-0007'],
    ]);
    expect(found[0]?.reason).toContain('content');
    expect(found[1]?.reason).toContain('callTime');
    expect(found[2]?.reason).toContain('regionCode: unknown region code 611025999999');
    expect(readFileSync(rejects, 'utf8').split('\r\n')[0]).toBe(
      '工单编号,来电时间,来电号码,来电人,诉求内容,诉求分类,地址,紧急程度,区划代码,受理坐席,line,reason',
    );

    const stored = (await server.store.recent(100)).filter((r) => r.externalId.startsWith('RX-'));
    expect(stored).toHaveLength(5);
    const multiLine = stored.find((r) => r.externalId === 'RX-0002');
    expect(multiLine).toMatchObject({
      regionCode: '611025001001',
      text: '低保金两个月没到账，\n家里老人看病要用钱',
      phoneMasked: '139******78',
      occurredAt: Date.parse('2026-01-05T08:30:00+08:00'),
    });
    expect(JSON.stringify(stored)).not.toContain('13912345678');

    const again = await runImport(args);
    expect(again.code).toBe(0);
    expect(again.summary).toMatchObject({ lines: 9, imported: 0, duplicates: 6, rejected: 3 });
  });

  it('reads English headers and quoted cells', async () => {
    const res = await runImport(
      [
        join(FIXTURES, 'hotline-english.csv'),
        '--url',
        server.url,
        '--rejects',
        join(dir, 'english.rejects.csv'),
      ],
      { HOTLINE_KEY: KEYS.hotline },
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.summary).toMatchObject({ lines: 2, imported: 2, rejected: 0 });
    const stored = await server.store.recent(20);
    expect(stored.find((r) => r.externalId === 'EN-2')).toMatchObject({
      text: 'He said "help"',
      regionCode: '611025101217',
    });
  });

  it('stops with exit code 1 when the server is unreachable or the key is refused', async () => {
    const file = join(FIXTURES, 'hotline-english.csv');
    // Rejects next to the temp dir, not beside the fixture.
    const rejects = ['--rejects', join(dir, 'fatal.rejects.csv')];
    const unreachable = await runImport([
      file,
      ...rejects,
      '--url',
      'http://127.0.0.1:9',
      '--key',
      KEYS.hotline,
      '--retries',
      '1',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('unreachable after 2 attempts');
    const wrongKey = await runImport([file, ...rejects, '--url', server.url, '--key', KEYS.grid]);
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('403');
  });

  it('stops with exit code 1 on a quote never closed rather than lose the rows after it', async () => {
    const file = join(dir, 'unclosed.csv');
    const rows = Array.from(
      { length: 20_000 },
      (_v, i) => `UC-${i},2026-01-06 09:00:00,村道塌方一处车辆无法通行,611025101001`,
    );
    writeFileSync(
      file,
      [
        'orderNo,callTime,content,regionCode',
        'UC-x,2026-01-06 09:00:00,"never closed,611025101001',
        ...rows,
      ].join('\n'),
    );
    const res = await runImport([file, '--url', server.url, '--key', KEYS.hotline]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('near line 2 (a quote never closed?)');
  });
});

/** A small deterministic generator: the same file every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const APPEALS = [
  '村道塌方一处，车辆无法通行，希望尽快清理',
  '自来水停了两天，村民生活用水困难',
  '低保金两个月没有到账，家里老人看病急需用钱',
  '邻居占用我家宅基地修围墙，协商不成',
  '夜间有人在河道非法采砂，噪音很大',
  '村里路灯坏了一个多月没人修',
  '想咨询新农合医保报销的办理流程',
  '留守老人独居，子女在外打工，无人照看',
];
const CATEGORIES = ['交通运输', '水电气暖', '民政', '矛盾纠纷', '环境保护', '城乡建设', '咨询', ''];

/**
 * 100,000 work orders with bad rows at known indexes (what is wrong, and whether the CLI or the
 * server finds it), 500 repeated order numbers, and a partly resolvable address every 1,000 rows.
 */
async function writeLargeCsv(file: string, count: number) {
  const regions = server.regions.all.filter((r) => r.kind === 'village');
  const next = random(42);
  const out = createWriteStream(file);
  out.write('工单编号,来电时间,来电号码,来电人,诉求内容,诉求分类,地址,紧急程度,区划代码\n');
  const bad = new Map<number, string>([
    [100, 'content'],
    [5_001, 'callTime'],
    [20_002, 'callerNumber'],
    [33_333, 'strayQuote'],
    [50_003, 'regionCode'],
    [66_666, 'oversize'],
    [77_777, 'urgency'],
    [99_998, 'future'],
    [count - 1, 'unclosed'],
  ]);
  const badLines = new Map<number, string>();
  let line = 1;
  let duplicates = 0;
  let triage = 0;
  const start = Date.now() - 30 * 86_400_000;
  let chunk = '';
  for (let i = 0; i < count; i += 1) {
    line += 1;
    const village = regions[Math.floor(next() * regions.length)];
    const town = village?.parentCode ? server.regions.get(village.parentCode) : undefined;
    const duplicateOf = i % 200 === 199 && !bad.has(i) && !bad.has(i - 150) ? i - 150 : undefined;
    if (duplicateOf !== undefined) duplicates += 1;
    let callTime = new Date(start + i * 20_000 + 8 * 3_600_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    let content = APPEALS[i % APPEALS.length] ?? '';
    if (i % 10_000 === 1_234) content = `${content}\n补充：已经第二次反映`;
    let address = `镇安县${town?.name ?? ''}${village?.name ?? ''}${1 + (i % 4)}组`;
    if (i % 1_000 === 500) {
      address = '镇安县回龙镇和平村三组';
      triage += 1;
    }
    let phone = `13${String(100_000_000 + Math.floor(next() * 899_999_999))}`;
    let urgency = next() < 0.05 ? '紧急' : '一般';
    let regionCode = '';
    const kind = bad.get(i);
    if (kind === 'content') content = '';
    if (kind === 'callTime') callTime = '2026-02-30 10:00:00';
    if (kind === 'callerNumber') phone = 'unknown';
    if (kind === 'regionCode') [regionCode, address] = ['611025999999', ''];
    if (kind === 'oversize') content = '长'.repeat(2001);
    if (kind === 'urgency') urgency = '很急';
    if (kind === 'future') callTime = '2099-01-01 00:00:00';
    if (kind) badLines.set(line, kind);
    const orderNo = `GD${String(duplicateOf ?? i).padStart(8, '0')}`;
    const cells = [orderNo, callTime, phone, '群众', content, CATEGORIES[i % 8] ?? '', address];
    let row = [...cells, urgency, regionCode].map(quote).join(',');
    if (kind === 'strayQuote')
      row = `${orderNo},"${callTime}"x,${phone},群众,坏行,其他,回龙镇,一般,`;
    // A quote never closed: csv-parse reads to the end of the file, so it is the last row.
    if (kind === 'unclosed')
      row = `${orderNo},${callTime},${phone},群众,"没有闭合的引号,其他,回龙镇,一般,`;
    chunk += `${row}\n`;
    line += content.split('\n').length - 1;
    if (chunk.length > 64_000) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return { badLines, duplicates, triage };
}

describe('a 100,000-row import', () => {
  it('streams with the right counts, reject lines and under 200 MB', async () => {
    const file = join(dir, 'orders-100k.csv');
    const rejects = join(dir, 'orders-100k.rejects.csv');
    const count = 100_000;
    const { badLines, duplicates, triage } = await writeLargeCsv(file, count);
    const before = await server.store.total();
    const res = await runImport([
      file,
      '--url',
      server.url,
      '--key',
      KEYS.hotline,
      '--rejects',
      rejects,
    ]);
    expect(res.code, res.stderr).toBe(0);
    const summary = res.summary as Summary;
    expect(summary).toMatchObject({
      lines: count,
      rejected: badLines.size,
      duplicates,
      imported: count - badLines.size - duplicates,
      triage,
    });
    expect(await server.store.total()).toBe(before + summary.imported);
    const found = rejectsOf(rejects);
    expect(found.map((r) => r.line).sort((a, b) => a - b)).toEqual(
      [...badLines.keys()].sort((a, b) => a - b),
    );
    for (const reject of found) {
      const kind = badLines.get(reject.line) ?? '';
      const field =
        { oversize: 'content', future: 'callTime', strayQuote: 'callTime', unclosed: 'Quote' }[
          kind
        ] ?? kind;
      expect(reject.reason, `line ${reject.line} (${kind})`).toContain(field);
    }
    expect(summary.maxRssMB).toBeGreaterThan(0);
    expect(summary.maxRssMB).toBeLessThan(200);
    console.log(`100k import: ${JSON.stringify(summary)}`);
  }, 180_000);
});
