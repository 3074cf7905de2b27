/**
 * A persistence diagram as SVG: one mark per class at (birth, death), H0 circles and H1
 * diamonds, the diagonal (zero persistence), and classes that never die on a line at the top
 * marked ∞. The current window and its baseline share `extent`, so the two read side by side.
 */
import type { DiagramJson } from '@aura/protocol';
import { classCounts, ticks } from '../lib/topology.js';

const W = 280;
const H = 250;
const M = { left: 40, right: 12, top: 26, bottom: 30 };
/** The ∞ line sits this far above the plot's top. */
const INF_GAP = 14;

const fmt = (v: number) => String(+v.toPrecision(3));

export function PersistenceDiagram(props: { title: string; diagram: DiagramJson[]; extent: number; testId?: string }) {
  const { diagram, extent } = props;
  const x = (v: number) => M.left + (v / extent) * (W - M.left - M.right);
  const y = (v: number) => H - M.bottom - (v / extent) * (H - M.bottom - M.top - INF_GAP);
  const yInf = M.top;
  const h0 = classCounts(diagram[0]);
  const h1 = classCounts(diagram[1]);
  const label = `${props.title}: ${h0.total} H0 classes (${h0.essential} never die), ${h1.total} H1 loops${h1.total ? `, the longest lives ${fmt(h1.longest)}` : ''}`;
  return (
    <figure class="chart pd" data-testid={props.testId} data-h0={String(h0.total)} data-h1={String(h1.total)}>
      <figcaption>
        <span>{props.title}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} class="pd-svg">
        {ticks(extent).map((t) => (
          <g>
            <line class="pd-grid" x1={String(x(t))} x2={String(x(t))} y1={String(y(0))} y2={String(y(extent))} />
            <line class="pd-grid" x1={String(x(0))} x2={String(x(extent))} y1={String(y(t))} y2={String(y(t))} />
            <text class="pd-tick" x={String(x(t))} y={String(H - M.bottom + 14)} text-anchor="middle">
              {fmt(t)}
            </text>
            <text class="pd-tick" x={String(M.left - 5)} y={String(y(t) + 4)} text-anchor="end">
              {fmt(t)}
            </text>
          </g>
        ))}
        <line class="pd-diagonal" x1={String(x(0))} y1={String(y(0))} x2={String(x(extent))} y2={String(y(extent))} />
        <line class="pd-inf" x1={String(x(0))} x2={String(x(extent))} y1={String(yInf)} y2={String(yInf)} />
        <text class="pd-tick" x={String(M.left - 5)} y={String(yInf + 4)} text-anchor="end">
          ∞
        </text>
        <text class="pd-axis" x={String((x(0) + x(extent)) / 2)} y={String(H - 4)} text-anchor="middle">
          birth
        </text>
        <text class="pd-axis" x="10" y={String((y(0) + y(extent)) / 2)} text-anchor="middle" transform={`rotate(-90 10 ${(y(0) + y(extent)) / 2})`}>
          death
        </text>
        {diagram.slice(0, 2).map((d, dim) =>
          d.map(([b, death]) => {
            const cx = x(b);
            const cy = death === null ? yInf : y(death);
            const tip = `H${dim}: born ${fmt(b)}, ${death === null ? 'never dies' : `dies ${fmt(death)} (lives ${fmt(death - b)})`}`;
            return dim === 0 ? (
              <circle class="pd-h0" cx={String(cx)} cy={String(cy)} r="3">
                <title>{tip}</title>
              </circle>
            ) : (
              <path class="pd-h1" d={`M${cx} ${cy - 4}l4 4l-4 4l-4 -4z`}>
                <title>{tip}</title>
              </path>
            );
          }),
        )}
      </svg>
      <p class="pd-legend muted">
        <span class="pd-key pd-key-h0">●</span> H0 (groups) {String(h0.total)} · <span class="pd-key pd-key-h1">◆</span> H1 (loops) {String(h1.total)}
      </p>
    </figure>
  );
}
