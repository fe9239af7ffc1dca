import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Region } from '#contracts';
import { ConfigError } from '../../backend/config/errors.js';
import { silentLogger } from '../../backend/platform/logger.js';
import { RegionTree } from '../../backend/regions/tree.js';
import { buildDemoWorkers } from './demo-workers.js';
import { bindWorkers, WorkerDirectory } from './workers.js';

const region = (code: string, kind: Region['kind'], parentCode: string | null): Region => ({
  code,
  name: code,
  kind,
  parentCode,
});

const TREE = new RegionTree([
  region('611025', 'county', null),
  region('611025101', 'town', '611025'),
  region('611025101202', 'village', '611025101'),
  region('611025101202001', 'group', '611025101202'),
  region('611025101202002', 'group', '611025101202'),
  region('611025101210', 'village', '611025101'),
  region('611025101210001', 'group', '611025101210'),
]);

const worker = (id: string, groups: string[]) => ({ id, name: '谢强', groups });

describe('bindWorkers', () => {
  it('binds a worker to their groups and the villages of those groups', () => {
    const bound = bindWorkers(
      { workers: [worker('W1', ['611025101202001'])] },
      TREE,
      'grid-workers.json',
    ).get('W1');
    expect(bound).toBeDefined();
    if (!bound) return;
    expect(WorkerDirectory.covers(bound, '611025101202001')).toBe(true);
    expect(WorkerDirectory.covers(bound, '611025101202')).toBe(true);
    // Another group of the same village, another village, the town: not theirs.
    expect(WorkerDirectory.covers(bound, '611025101202002')).toBe(false);
    expect(WorkerDirectory.covers(bound, '611025101210')).toBe(false);
    expect(WorkerDirectory.covers(bound, '611025101')).toBe(false);
  });

  it.each([
    [['611025101202999'], 'workers[0].groups[0]: 611025101202999 is not a region'],
    [['611025101202001', '611025101202'], 'workers[0].groups[1]: 611025101202 is a village'],
  ])('refuses %j naming the file and the field', (groups, message) => {
    expect(() => bindWorkers({ workers: [worker('W1', groups)] }, TREE, 'gw.json')).toThrow(
      new RegExp(`^gw\\.json: ${message.replace(/[[\].]/g, '\\$&')}`),
    );
  });

  it('refuses a duplicate worker id', () => {
    const file = {
      workers: [worker('W1', ['611025101202001']), worker('W1', ['611025101210001'])],
    };
    expect(() => bindWorkers(file, TREE, 'gw.json')).toThrow(ConfigError);
    expect(() => bindWorkers(file, TREE, 'gw.json')).toThrow('workers[1].id: duplicate');
  });
});

describe('WorkerDirectory', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function writeWorkers(file: string, body: unknown, mtime: number) {
    writeFileSync(file, JSON.stringify(body));
    utimesSync(file, mtime, mtime);
  }

  it('validates at start and names the file and the field', () => {
    dir = mkdtempSync(join(tmpdir(), 'grid-workers-'));
    const file = join(dir, 'grid-workers.json');
    writeWorkers(file, { workers: [{ id: 'W1', groups: ['611025101202001'] }] }, 1000);
    expect(() => new WorkerDirectory(file, TREE, silentLogger)).toThrow(`${file}: workers[0].name`);
  });

  it('picks up an edit, and keeps the previous list when the edit is invalid', () => {
    dir = mkdtempSync(join(tmpdir(), 'grid-workers-'));
    const file = join(dir, 'grid-workers.json');
    writeWorkers(file, { workers: [worker('W1', ['611025101202001'])] }, 1000);
    const directory = new WorkerDirectory(file, TREE, silentLogger);
    expect(directory.get('W2')).toBeUndefined();

    writeWorkers(file, { workers: [worker('W2', ['611025101210001'])] }, 2000);
    expect(directory.get('W2')?.villages.has('611025101210')).toBe(true);
    expect(directory.get('W1')).toBeUndefined();
    expect(directory.ofVillage('611025101210').map((w) => w.id)).toEqual(['W2']);

    writeWorkers(file, { workers: [worker('W3', ['611025999999001'])] }, 3000);
    expect(directory.get('W2')).toBeDefined();
    expect(directory.get('W3')).toBeUndefined();
    expect(directory.lastError).toContain('workers[0].groups[0]');
  });

  it('without a file, knows no worker', () => {
    dir = mkdtempSync(join(tmpdir(), 'grid-workers-'));
    const directory = new WorkerDirectory(join(dir, 'missing.json'), TREE, silentLogger);
    expect(directory.get('W1')).toBeUndefined();
  });
});

describe('buildDemoWorkers', () => {
  it('gives each village with groups one worker, W + village code, a unique name', () => {
    const file = buildDemoWorkers(TREE.all, 'test');
    expect(file.$comment).toMatch(/DEMO DATA/);
    expect(file.workers.map((w) => w.id)).toEqual(['W611025101202', 'W611025101210']);
    expect(file.workers[0]?.groups).toEqual(['611025101202001', '611025101202002']);
    expect(new Set(file.workers.map((w) => w.name)).size).toBe(2);
    expect(file.workers.every((w) => /^[\u4e00-\u9fa5]{2,3}$/.test(w.name))).toBe(true);
    expect(() => bindWorkers(file, TREE, 'demo')).not.toThrow();
  });

  it('is stable: the same tree gives the same names', () => {
    expect(buildDemoWorkers(TREE.all, 'a').workers).toEqual(
      buildDemoWorkers(TREE.all, 'b').workers,
    );
  });
});
