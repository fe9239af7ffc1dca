import cliProgress from 'cli-progress';
import type { ImportProgress } from './importer.js';

export interface ProgressDisplay {
  update(progress: ImportProgress): void;
  /** `done`: the file was read to its end (a stopped import says so itself). */
  stop(done: boolean): void;
}

/** Lines between the periodic reports when stderr is not a terminal (a log, CI). */
const LOG_EVERY_MS = 5_000;

const percent = (p: ImportProgress) =>
  p.totalBytes > 0 ? Math.min(100, Math.floor((p.bytes / p.totalBytes) * 100)) : 100;

const describe = (p: ImportProgress) =>
  `${p.lines} 行 · 导入 ${p.imported} · 重复 ${p.duplicates} · 拒收 ${p.rejected} · 待分拣 ${p.triage}`;

/** A progress bar on a terminal; otherwise a line every few seconds, so a log shows it moving. */
export function showProgress(stream: NodeJS.WriteStream): ProgressDisplay {
  if (!stream.isTTY) return logLines(stream);
  const bar = new cliProgress.SingleBar(
    { stream, format: '导入 [{bar}] {percentage}% | {detail}', hideCursor: true, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      if (!started) bar.start(p.totalBytes, 0, { detail: '' });
      started = true;
      bar.update(p.bytes, { detail: describe(p) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function logLines(stream: NodeJS.WriteStream): ProgressDisplay {
  let next = Date.now() + LOG_EVERY_MS;
  let last: ImportProgress | undefined;
  return {
    update(p) {
      last = p;
      if (Date.now() < next) return;
      next = Date.now() + LOG_EVERY_MS;
      stream.write(`import:hotline: ${percent(p)}% · ${describe(p)}\n`);
    },
    stop(done) {
      if (done && last) stream.write(`import:hotline: done · ${describe(last)}\n`);
    },
  };
}
