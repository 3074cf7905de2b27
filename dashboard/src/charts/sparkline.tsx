/** A tiny uPlot line for the fleet rows: no axes, no legend, no cursor; 0–100 %. */
import { useRef } from 'hono/jsx/dom';
import uPlot from 'uplot';
import { cssColor } from './colors.js';
import { useSafeEffect } from '../lib/effect.js';

export interface SparklineProps {
  ts: number[];
  values: Array<number | null>;
  color: string;
  label: string;
}

const W = 84;
const H = 22;

export function Sparkline(props: SparklineProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useSafeEffect(() => {
    if (!box.current) return;
    const u = new uPlot(
      {
        width: W,
        height: H,
        pxAlign: false,
        cursor: { show: false },
        legend: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: { x: { time: false }, y: { range: [0, 100] } },
        axes: [{ show: false }, { show: false }],
        series: [{}, { stroke: cssColor(props.color), width: 1.25, fill: cssColor(props.color) + '22' }],
      },
      [props.ts, props.values] as uPlot.AlignedData,
      box.current,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, []);
  useSafeEffect(() => {
    plot.current?.setData([props.ts, props.values] as uPlot.AlignedData);
  }, [props.ts]);
  return <div ref={box} class="spark" role="img" aria-label={props.label} />;
}
