/**
 * A uPlot chart as a component: created once, fed new data with setData, resized with its box,
 * destroyed on unmount; "PNG" saves its canvas. uPlot draws every time series here, and the
 * Betti curves (x a scale, not a time: `xTime: false`).
 */
import { useRef } from 'hono/jsx/dom';
import uPlot from 'uplot';
import { saveBlob } from '../api/client.js';
import { PALETTE_VARS, cssColor } from './colors.js';
import { useSafeEffect } from '../lib/effect.js';

export interface SeriesSpec {
  label: string;
  /** CSS variable of its colour. */
  color?: string;
  /** Format a value for the legend, e.g. percent. */
  format?: (v: number | null) => string;
  /** Dash pattern, e.g. [6, 4] for a threshold or a baseline. */
  dash?: number[];
  /** A step function (holds each value until the next x), like a Betti curve. */
  stepped?: boolean;
}

const stepAfter = uPlot.paths.stepped?.({ align: 1 });

/** Axis ticks in 1.2k / 3.4M form, so wide values fit the axis. */
function compact(v: number): string {
  const a = Math.abs(v);
  for (const [d, u] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) if (a >= d) return `${+(v / d).toFixed(1)}${u}`;
  return String(+v.toFixed(2));
}

export interface TimeChartProps {
  title: string;
  /** uPlot's columnar data: [timestamps, ...series]. */
  data: Array<Array<number | null>>;
  series: SeriesSpec[];
  height?: number;
  /** Fixed y range, e.g. [0, 100] for percentages. */
  yRange?: [number, number];
  /** File name (without extension) for the PNG export. */
  file: string;
  testId?: string;
  /** false: x is a number (a scale), not unix seconds. Default true. */
  xTime?: boolean;
  /** Label of a numeric x axis. */
  xLabel?: string;
}

export function TimeChart(props: TimeChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useSafeEffect(() => {
    const el = box.current;
    if (!el) return;
    const axis = { stroke: cssColor('--fg-muted'), grid: { stroke: cssColor('--grid') }, ticks: { stroke: cssColor('--grid') } };
    const time = props.xTime ?? true;
    const pad = time ? 300 : 1;
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: props.height ?? 180,
        scales: { x: { time, range: (_u: uPlot, min: number, max: number): [number, number] => (min === max ? [min - pad, max + pad] : [min, max]) }, y: props.yRange ? { range: props.yRange } : {} },
        axes: [time ? axis : { ...axis, ...(props.xLabel ? { label: props.xLabel } : {}), values: (_u: uPlot, ticks: number[]) => ticks.map(compact) }, { ...axis, size: 56, values: (_u: uPlot, ticks: number[]) => ticks.map(compact) }],
        legend: { live: true },
        series: [
          {},
          ...props.series.map((s, i) => ({
            label: s.label,
            stroke: cssColor(s.color ?? PALETTE_VARS[i % PALETTE_VARS.length]!),
            width: 1.5,
            spanGaps: false,
            ...(s.dash ? { dash: s.dash } : {}),
            ...(s.stepped && stepAfter ? { paths: stepAfter, points: { show: false } } : {}),
            value: s.format ? (_u: uPlot, v: number | null) => s.format!(v) : undefined,
          })),
        ],
      },
      props.data as uPlot.AlignedData,
      el,
    );
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: props.height ?? 180 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [props.series.map((s) => s.label).join('\u0000')]);

  useSafeEffect(() => {
    plot.current?.setData(props.data as uPlot.AlignedData);
  }, [props.data]);

  const png = () => {
    const canvas = box.current?.querySelector('canvas');
    canvas?.toBlob((b) => b && saveBlob(b, `${props.file}.png`), 'image/png');
  };

  return (
    <figure class="chart" data-testid={props.testId} data-points={String(props.data[0]?.length ?? 0)}>
      <figcaption>
        <span>{props.title}</span>
        <button type="button" class="link" onClick={png} aria-label={`Save ${props.title} as PNG`}>
          PNG
        </button>
      </figcaption>
      <div ref={box} class="chart-box" />
    </figure>
  );
}
