import type { Category, Open311Service } from '#contracts';
import { CATEGORIES, CATEGORY_LABEL_ZH } from '#contracts';

/** What each service covers, in the words residents use; the page shows it under the name. */
const CATALOG: Record<Category, { description: string; keywords: string[]; group: string }> = {
  industry: {
    description: '种植养殖、务工就业、农产品销售、产业项目中的困难和建议',
    keywords: ['种植', '养殖', '务工', '就业', '销售', '合作社'],
    group: '发展',
  },
  infrastructure: {
    description: '道路桥梁、饮水、电力、通信网络、房屋安全等设施的损坏和需求',
    keywords: ['道路', '桥梁', '饮水', '停水', '停电', '网络', '危房'],
    group: '设施',
  },
  livelihood: {
    description: '低保、医保养老、看病上学、住房、临时救助等生活困难',
    keywords: ['低保', '医保', '养老', '救助', '看病', '上学'],
    group: '民生',
  },
  dispute: {
    description: '邻里、土地山林、婚姻家庭、工程款、征地补偿等矛盾纠纷',
    keywords: ['纠纷', '邻里', '土地', '山林', '补偿', '欠薪'],
    group: '平安',
  },
  security: {
    description: '治安隐患、盗窃诈骗、消防和地质灾害等安全隐患',
    keywords: ['治安', '盗窃', '诈骗', '安全隐患', '滑坡', '防火'],
    group: '平安',
  },
  agency: {
    description: '请村里代办证件、社保、补贴申领等事项',
    keywords: ['代办', '证件', '社保', '补贴', '申领'],
    group: '服务',
  },
  leftBehind: {
    description: '留守老人、留守儿童、残疾人的照看和关爱',
    keywords: ['留守老人', '留守儿童', '残疾人', '照看'],
    group: '服务',
  },
  ceremony: {
    description: '婚丧嫁娶的操办、红白理事会服务和移风易俗',
    keywords: ['婚事', '丧事', '酒席', '彩礼'],
    group: '服务',
  },
  other: {
    description: '以上类别之外的问题和建议',
    keywords: ['其他', '建议'],
    group: '其他',
  },
};

/** The 8 service categories of the 4318 model and 其他, as Open311 services. */
export const SERVICES: readonly Open311Service[] = CATEGORIES.map((code) => ({
  service_code: code,
  service_name: CATEGORY_LABEL_ZH[code],
  description: CATALOG[code].description,
  metadata: false,
  type: 'realtime',
  keywords: CATALOG[code].keywords.join(','),
  group: CATALOG[code].group,
}));

export function isServiceCode(code: string): code is Category {
  return (CATEGORIES as readonly string[]).includes(code);
}
