import type { LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { SOURCES, SOURCE_LABEL_ZH } from '#contracts/vocabulary';
import type { Trend } from '../../stores/trend.js';
import { SOURCE_COLOR } from '../../theme.js';
import { formatHourMinute } from '../../clock.js';

export type TrendOption = ComposeOption<
  LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

const AXIS_TEXT = '#8fb3d9';
const SPLIT_LINE = 'rgba(56, 189, 248, 0.12)';

/** Reports per hour by source, as stacked-free lines with a soft area under each. */
export function trendOption(trend: Trend | null): TrendOption {
  const labels = trend ? trend.buckets.map((b) => formatHourMinute(b)) : [];
  return {
    backgroundColor: 'transparent',
    animationDurationUpdate: 500,
    textStyle: { fontFamily: "'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif" },
    color: SOURCES.map((s) => SOURCE_COLOR[s]),
    legend: {
      top: 6,
      right: 10,
      itemWidth: 22,
      itemHeight: 10,
      textStyle: { color: '#d6ebff', fontSize: 17 },
      data: SOURCES.map((s) => SOURCE_LABEL_ZH[s]),
    },
    tooltip: {
      // Drawn on the canvas: the HTML tooltip's inline styles are refused by the page's CSP.
      renderMode: 'richText',
      trigger: 'axis',
      backgroundColor: 'rgba(6, 19, 38, 0.92)',
      borderColor: 'rgba(56, 189, 248, 0.6)',
      textStyle: { color: '#e6f4ff', fontSize: 16 },
    },
    grid: { left: 52, right: 18, top: 48, bottom: 34 },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: labels,
      axisLine: { lineStyle: { color: 'rgba(56, 189, 248, 0.45)' } },
      axisTick: { show: false },
      axisLabel: { color: AXIS_TEXT, fontSize: 15, interval: 3 },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: AXIS_TEXT, fontSize: 15 },
      splitLine: { lineStyle: { color: SPLIT_LINE } },
    },
    series: SOURCES.map((source): LineSeriesOption => ({
      name: SOURCE_LABEL_ZH[source],
      type: 'line',
      smooth: true,
      showSymbol: false,
      lineStyle: { width: 3 },
      areaStyle: {
        color: {
          type: 'linear',
          x: 0,
          y: 0,
          x2: 0,
          y2: 1,
          colorStops: [
            { offset: 0, color: `${SOURCE_COLOR[source]}55` },
            { offset: 1, color: `${SOURCE_COLOR[source]}00` },
          ],
        },
      },
      data: trend ? [...trend.counts[source]] : [],
    })),
  };
}
