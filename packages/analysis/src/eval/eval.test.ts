import { describe, expect, it } from 'vitest';
import { episodesOf, scoreTrace, summarize, type LabelledTrace } from './index.js';

const H = 3600;
/** A 2-day trace at 1-minute steps failing at 30 h, precursor from 20 h, recovered at 31 h. */
function trace(label: LabelledTrace['label']): LabelledTrace {
  return { hostId: 'h', stepSeconds: 60, timestamps: Float64Array.from({ length: 2880 }, (_, i) => i * 60), label };
}
const failing = trace({ class: 'disk_fill', failureTs: 30 * H, precursorStartTs: 20 * H, recoveryTs: 31 * H, abrupt: false });
function alarmsBetween(ranges: Array<[number, number]>, sev = 2): Uint8Array {
  const a = new Uint8Array(2880);
  for (const [from, to] of ranges) for (let t = from; t <= to; t += 60) a[t / 60] = sev;
  return a;
}

describe('episodes', () => {
  it('merge across gaps up to the merge gap, not beyond', () => {
    expect(episodesOf([0, 60, 120, 180, 2000], [1, 0, 1, 0, 1], 1, 300).map((e) => [e.start, e.end])).toEqual([[0, 120], [2000, 2000]]);
  });
});

describe('scoreTrace', () => {
  it('a warning that starts in the precursor window and lasts to the failure: lead from its start', () => {
    const o = scoreTrace(failing, { alarm: alarmsBetween([[26 * H, 30 * H]]) });
    expect(o).toMatchObject({ warned: true, leadS: 4 * H, trueEpisodes: 1, falseEpisodes: 0, detected: true });
    // Exposure: 48 h minus the window from the precursor start (20 h) to recovery + 1 h (32 h).
    expect(o.exposureDays).toBeCloseTo(36 / 24, 9);
  });

  it('a warning only 10 minutes ahead is true but does not count for recall', () => {
    const o = scoreTrace(failing, { alarm: alarmsBetween([[30 * H - 600, 30 * H + 600]]) });
    expect(o).toMatchObject({ warned: false, leadS: 600, trueEpisodes: 1 });
  });

  it('alarms before the precursor are false, so are lapsed ones; alarms during failure and settling are ignored', () => {
    const o = scoreTrace(failing, { alarm: alarmsBetween([[2 * H, 3 * H], [22 * H, 22.5 * H], [30 * H, 31.5 * H], [40 * H, 41 * H]]) });
    expect(o).toMatchObject({ warned: false, trueEpisodes: 0, falseEpisodes: 3, lapsedEpisodes: 1 });
  });

  it('an episode that began before the precursor and runs into the failure is not a warning', () => {
    const o = scoreTrace(failing, { alarm: alarmsBetween([[10 * H, 30 * H]]) });
    expect(o).toMatchObject({ warned: false, trueEpisodes: 0, falseEpisodes: 1 });
  });

  it('TTF error: median over the warning episode of |predicted − actual|', () => {
    const ttf = new Float64Array(2880).fill(NaN);
    for (let t = 28 * H; t < 30 * H; t += 60) ttf[t / 60] = 30 * H - t + 600;
    const o = scoreTrace(failing, { alarm: alarmsBetween([[28 * H, 30 * H]]), ttfSeconds: ttf });
    expect(o.ttfAbsErrS).toBe(600);
    expect(o.ttfRelErr).toBeGreaterThan(0.08);
  });

  it('healthy hosts: every episode is a false alarm', () => {
    const o = scoreTrace(trace(null), { alarm: alarmsBetween([[H, 2 * H], [10 * H, 10 * H]]) });
    expect(o).toMatchObject({ class: 'healthy', falseEpisodes: 2, exposureDays: 2 });
  });
});

describe('summarize', () => {
  it('per class and overall, abrupt apart, false alarms per host-day', () => {
    const abrupt = trace({ class: 'memory_leak', failureTs: 30 * H, precursorStartTs: 30 * H - 300, recoveryTs: 31 * H, abrupt: true });
    const outcomes = [
      scoreTrace(failing, { alarm: alarmsBetween([[26 * H, 30 * H]]) }),
      scoreTrace(failing, { alarm: alarmsBetween([[29 * H, 30 * H]]) }),
      scoreTrace(abrupt, { alarm: alarmsBetween([[30 * H, 30 * H + 60]]) }),
      scoreTrace(trace(null), { alarm: alarmsBetween([[H, 2 * H]]) }),
      scoreTrace(trace(null), { alarm: new Uint8Array(2880) }),
    ];
    const t = summarize('x', outcomes);
    const all = t.rows.find((r) => r.group === 'all')!;
    expect(all).toMatchObject({ failures: 2, recall: 1, leadMedianS: 2.5 * H });
    expect(all.leadP10S).toBeCloseTo(1.3 * H, 6);
    // Two true episodes, one false on a healthy host.
    expect(all.precision).toBeCloseTo(2 / 3, 9);
    expect(t.rows.find((r) => r.group === 'abrupt')).toMatchObject({ failures: 1, recall: 0, detected: 1 });
    expect(t.healthy).toMatchObject({ hosts: 2, falseAlarms: 1, perHostDay: 0.25 });
  });
});
