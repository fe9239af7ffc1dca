import type { BarSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { CATEGORIES, CATEGORY_LABEL_ZH } from '#contracts/vocabulary';
import type { CategoryTrend } from '../../stores/categories.js';
import { CATEGORY_COLORS } from '../../theme.js';
import { formatHourMinute } from '../../clock.js';

export type CategoryTrendOption = ComposeOption<
  BarSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

const AXIS_TEXT = '#8fb3d9';

/** Reports per hour, stacked by category; the legend shows the busiest categories. */
export function categoryTrendOption(trend: CategoryTrend | null): CategoryTrendOption {
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 500,
    textStyle: { fontFamily: "'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif" },
    color: [...CATEGORY_COLORS],
    legend: {
      type: 'plain',
      top: 4,
      left: 8,
      right: 8,
      itemWidth: 12,
      itemHeight: 10,
      itemGap: 8,
      textStyle: { color: '#d6ebff', fontSize: 14 },
    },
    tooltip: {
      // Drawn on the canvas: the HTML tooltip's inline styles are refused by the page's CSP.
      renderMode: 'richText',
      trigger: 'axis',
      backgroundColor: 'rgba(6, 19, 38, 0.92)',
      borderColor: 'rgba(56, 189, 248, 0.6)',
      textStyle: { color: '#e6f4ff', fontSize: 16 },
    },
    grid: { left: 44, right: 14, top: 64, bottom: 30 },
    xAxis: {
      type: 'category',
      data: trend ? trend.buckets.map((b) => formatHourMinute(b)) : [],
      axisLine: { lineStyle: { color: 'rgba(56, 189, 248, 0.45)' } },
      axisTick: { show: false },
      axisLabel: { color: AXIS_TEXT, fontSize: 14, interval: 5 },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: AXIS_TEXT, fontSize: 14 },
      splitLine: { lineStyle: { color: 'rgba(56, 189, 248, 0.12)' } },
    },
    series: CATEGORIES.map((category): BarSeriesOption => ({
      name: CATEGORY_LABEL_ZH[category],
      type: 'bar',
      stack: 'all',
      barWidth: '62%',
      data: trend ? [...trend.counts[category]] : [],
    })),
  };
}
