/** Report bodies for benchmarks: realistic texts spread over the county's villages. */
const VILLAGES = [
  '611025101202',
  '611025102201',
  '611025103201',
  '611025104200',
  '611025107200',
  '611025110201',
  '611025113002',
  '611025117204',
];
const TEXTS = [
  '自来水停了两天，村民生活用水困难',
  '通组公路塌方，车辆无法通行，请尽快处理',
  '独居老人腿脚不便，需要代购药品',
  '两户村民因宅基地边界发生争执',
  '魔芋收购价压得太低，合作社拖欠货款',
];
const CATEGORIES = ['infrastructure', 'livelihood', 'dispute', 'industry', 'leftBehind', 'agency'];

export function benchReport(i: number, tag = 'b'): Record<string, unknown> {
  return {
    source: 'hotline',
    externalId: `${tag}-${process.pid}-${i}`,
    occurredAt: new Date().toISOString(),
    regionCode: VILLAGES[i % VILLAGES.length],
    category: CATEGORIES[i % CATEGORIES.length],
    text: TEXTS[i % TEXTS.length],
  };
}
