import type { TestProject } from 'vitest/node';
import { startInfluxd } from './influxd.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The integration run's own influxd (each test server uses a database of its own). */
    influxUrl: string;
  }
}

/** One real influxd for the whole integration project, on free loopback ports, stopped after. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const influxd = await startInfluxd();
  project.provide('influxUrl', influxd.url);
  return () => influxd.stop();
}
