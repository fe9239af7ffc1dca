import { fuzzEveryEndpoint } from './tests/helpers/fuzz.js';
const report = await fuzzEveryEndpoint({ runs: 2000, seed: Number(process.argv[2] ?? 15) });
const { failures, perEndpoint, ...rest } = report;
console.log(JSON.stringify(rest, null, 1));
console.log(perEndpoint.filter((e) => e.fiveXX || e.hangs || e.errors).map((e) => `${e.endpoint} ${e.fiveXX}/${e.hangs}/${e.errors}`).join('\n'));
