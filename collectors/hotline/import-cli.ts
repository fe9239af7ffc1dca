import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_BATCH } from '#contracts/report';
import { importCsv, type ImportCounts, type ImportProgress } from './importer.js';
import { showProgress } from './progress.js';

const USAGE = `Import historical 12345 work orders from a CSV file into the hotline webhook.

  npm run import:hotline -- file.csv [--url http://localhost:3000] [--key KEY]
                                     [--rejects file] [--batch 500] [--retries 6]

Columns (Chinese or English headers): 工单编号 orderNo, 来电时间 callTime, 来电号码 callerNumber,
来电人 callerName, 诉求内容 content, 诉求分类 category, 地址 address, 紧急程度 urgency,
区划代码 regionCode. The key defaults to $HOTLINE_KEY, else the "hotline" key in
$INGEST_KEYS_FILE or $DATA_DIR/ingest-keys.json (./data). Prints a JSON summary on stdout;
rejected rows go to the rejects file (default <file>.rejects.csv) with their line and reason.
Exit code 0 when the file was read to its end (even with rejects), 1 when the import stopped.`;

interface CliSettings {
  file: string;
  url: string;
  key: string;
  rejectsFile: string;
  batchSize: number;
  retries: number;
}

class UsageError extends Error {}

/** The hotline key: --key, $HOTLINE_KEY, or the keys file the backend keeps. */
function defaultKey(): string {
  if (process.env.HOTLINE_KEY) return process.env.HOTLINE_KEY;
  const file =
    process.env.INGEST_KEYS_FILE ?? join(process.env.DATA_DIR ?? 'data', 'ingest-keys.json');
  if (!existsSync(file)) {
    throw new UsageError(
      `no key: pass --key, set HOTLINE_KEY, or start the backend once (${file})`,
    );
  }
  const keys = JSON.parse(readFileSync(file, 'utf8')) as { hotline?: unknown };
  if (typeof keys.hotline !== 'string') throw new UsageError(`${file} has no "hotline" key`);
  return keys.hotline;
}

function integer(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

function readSettings(args: readonly string[]): CliSettings | 'help' {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.HOTLINE_URL ?? 'http://localhost:3000' },
      key: { type: 'string' },
      rejects: { type: 'string' },
      batch: { type: 'string', default: '500' },
      retries: { type: 'string', default: '6' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new UsageError('give exactly one CSV file');
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const name = basename(file, extname(file));
  return {
    file,
    url: values.url,
    key: values.key ?? defaultKey(),
    rejectsFile: values.rejects ?? join(dirname(file), `${name}.rejects.csv`),
    batchSize: integer(values.batch, 'batch', 1, MAX_BATCH),
    retries: integer(values.retries, 'retries', 0, 20),
  };
}

function summary(counts: ImportCounts, started: number, rejectsFile: string) {
  return {
    ...counts,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    // Peak resident memory of this process (resourceUsage reports kilobytes).
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 102.4) / 10,
    rejectsFile,
  };
}

async function main(): Promise<number> {
  let settings: CliSettings | 'help';
  try {
    settings = readSettings(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`import:hotline: ${(err as Error).message}\n\n${USAGE}\n`);
    return 1;
  }
  if (settings === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const display = showProgress(process.stderr);
  let last: ImportProgress | undefined;
  try {
    const counts = await importCsv({
      ...settings,
      inFlight: 2,
      backoffMs: 500,
      onProgress: (p) => {
        last = p;
        display.update(p);
      },
    });
    display.stop(true);
    process.stdout.write(`${JSON.stringify(summary(counts, started, settings.rejectsFile))}\n`);
    return 0;
  } catch (err) {
    display.stop(false);
    process.stderr.write(`import:hotline: stopped: ${(err as Error).message}\n`);
    if (last) {
      const { bytes: _b, totalBytes: _t, ...counts } = last;
      process.stderr.write(`import:hotline: so far ${JSON.stringify(counts)}\n`);
    }
    return 1;
  }
}

process.exitCode = await main();
