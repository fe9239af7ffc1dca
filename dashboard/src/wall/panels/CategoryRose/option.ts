import type { PieSeriesOption } from 'echarts/charts';
import type { LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { CATEGORIES, CATEGORY_LABEL_ZH } from '#contracts/vocabulary';
import type { CategoryName } from '#contracts/vocabulary';
import { CATEGORY_COLORS } from '../../theme.js';

export type RoseOption = ComposeOption<
  PieSeriesOption | LegendComponentOption | TooltipComponentOption
>;

/** Colour by the category's place in the vocabulary, so each keeps its colour as ranks change. */
const colorOf = (c: CategoryName) => CATEGORY_COLORS[CATEGORIES.indexOf(c)] ?? '#94a3b8';

/** A Nightingale rose of the last 24 h by category, with the counts in the legend. */
export function roseOption(
  totals: readonly { category: CategoryName; total: number }[],
): RoseOption {
  const data = totals
    .filter((t) => t.total > 0)
    .map((t) => ({
      name: CATEGORY_LABEL_ZH[t.category],
      value: t.total,
      itemStyle: { color: colorOf(t.category) },
    }));
  const byName = new Map(data.map((d) => [d.name, d.value]));
  return {
    backgroundColor: 'transparent',
    textStyle: { fontFamily: "'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif" },
    tooltip: {
      // Drawn on the canvas: the HTML tooltip's inline styles are refused by the page's CSP.
      renderMode: 'richText',
      trigger: 'item',
      backgroundColor: 'rgba(6, 19, 38, 0.92)',
      borderColor: 'rgba(56, 189, 248, 0.6)',
      textStyle: { color: '#e6f4ff', fontSize: 16 },
      formatter: '{b}：{c} 条（{d}%）',
    },
    legend: {
      orient: 'vertical',
      right: 8,
      top: 'middle',
      itemWidth: 12,
      itemHeight: 12,
      itemGap: 7,
      textStyle: { color: '#d6ebff', fontSize: 15 },
      formatter: (name: string) => `${name}  ${byName.get(name) ?? 0}`,
    },
    series: [
      {
        type: 'pie',
        roseType: 'radius',
        center: ['34%', '52%'],
        radius: ['16%', '82%'],
        itemStyle: { borderColor: '#061326', borderWidth: 2, borderRadius: 4 },
        label: { show: false },
        data,
      },
    ],
  };
}
