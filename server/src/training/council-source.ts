/**
 * The council's combination as the evaluation scores it: each minute of a trace through the
 * same steps the server takes — the predictor's inputs and forecasts, the CfC (TypeScript forward
 * pass, equal to the served ONNX within 1e-5), the council with its default options on the
 * host's facts and last two minutes of samples — and the decision's level as the alarm.
 * Topology windows need the agents' 5-second samples; minute traces have none, so the
 * performance analyser votes without drift here (as it does on a server before its baseline).
 */
import { FEATURE_COUNT, hostVector } from '@aura/analysis/features';
import { nn, predict } from '@aura/analysis';
import type { Trace } from '@aura/analysis/scenarios';
import { severityRank, type HostFacts, type HostId } from '@aura/protocol';
import { readPrediction } from '../analysis/predictor.js';
import { createCouncil, type RecentSample } from '../council/index.js';

export function hostFactsOf(t: Trace): HostFacts {
  return {
    hostname: `${t.hostId}.sim.local`,
    machineId: `sim-${t.hostId}`,
    hostId: t.hostId as HostId,
    os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12' },
    kernel: '6.1.0-sim',
    arch: 'x64',
    cpu: { model: 'Simulated host', cores: t.facts.cores },
    memoryBytes: t.facts.memoryBytes,
    bootTime: Math.round(t.timestamps[0] ?? 0) - 86_400,
    filesystems: t.facts.mounts.map((m) => ({ mount: m.mount, fstype: 'ext4', device: `/dev/${m.device}`, sizeBytes: m.sizeBytes })),
    interfaces: t.facts.ifaces.map((i) => ({ name: i.name, speedMbps: i.speedMbps, addresses: [] })),
  };
}

/** Per-step council levels (0 ok … 3 critical) and predicted times to failure (s, NaN for none). */
export function councilAlarms(t: Trace, model: nn.CfcModel, thresholds: predict.AlarmThresholds): { alarm: Uint8Array; ttfSeconds: Float64Array } {
  const id = nn.modelId(model);
  const council = createCouncil();
  const facts = hostFactsOf(t);
  const names = Object.keys(t.series);
  const cols = names.map((n) => t.series[n]!);
  const n = t.timestamps.length;
  const alarm = new Uint8Array(n);
  const ttfSeconds = new Float64Array(n).fill(Number.NaN);
  const state = predict.initialPredictorState();
  const runner = nn.createCfcRunner(model, 1);
  const H = model.layout.hidden;
  let h = new Float64Array(H);
  const row = new Float64Array(names.length);
  const vec = new Float64Array(FEATURE_COUNT);
  const xs = new Float32Array(predict.INPUT_COUNT);
  const recent: RecentSample[] = [];
  for (let i = 0; i < n; i++) {
    const ts = t.timestamps[i]!;
    const values: Record<string, number> = {};
    for (let k = 0; k < cols.length; k++) {
      row[k] = cols[k]![i]!;
      if (Number.isFinite(row[k]!)) values[names[k]!] = row[k]!;
    }
    recent.push({ ts: ts * 1000, values });
    while (recent.length > 0 && recent[0]!.ts < ts * 1000 - 120_000) recent.shift();
    const step = predict.predictorStep(state, ts, hostVector(names, row, t.facts.cores, vec), xs);
    if (step.reset) h = new Float64Array(H);
    const out = runner.step(1, step.x, h, Float64Array.of(step.dt));
    const hIn = h;
    h = Float64Array.from(out.h.subarray(0, H));
    const prediction = readPrediction(model, id, thresholds, { x: step.x, dt: step.dt, h: null }, hIn, out.risk.subarray(0, 4), out.ttf[0]!, out.classProbs.subarray(0, 8), true);
    const decision = council.decide({ analysis: { hostId: t.hostId, ts, topology: null, forecasts: step.forecasts, prediction }, facts, recent, conns: null, fleet: null });
    alarm[i] = severityRank(decision.decision);
    const forecastTtf = Math.min(...step.forecasts.map((f) => f.ttfSeconds ?? Infinity));
    const ttf = prediction.ttfSeconds ?? (Number.isFinite(forecastTtf) ? forecastTtf : null);
    if (ttf !== null) ttfSeconds[i] = ttf;
  }
  return { alarm, ttfSeconds };
}
