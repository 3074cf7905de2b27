/**
 * Predictor: the CfC model's probability of failure per horizon and its time to failure. When
 * no model output is there (no model file, not enough history yet) it falls back to the
 * pipeline's robust forecasts, with less confidence, so a disk that the trend sees filling in an
 * hour still gets a second voter. With model output, those forecasts can lift the model's level
 * by one on a kind it names, when they put the exhaustion sooner (soonerByTrend).
 */
import { predict } from '@aura/analysis';
import { SEVERITIES, severityRank, type Forecast, type Prediction, type Severity } from '@aura/protocol';
import { z } from 'zod';
import { CLASS_KIND, kindOfMetric, type Kind } from './kinds.js';
import type { CouncilOptions, Levels } from './options.js';
import { forecastFinding } from './resources.js';
import { fmt, fmtSeconds } from './series.js';
import type { Analyser } from './types.js';
import { LevelMemory, votesFrom, type Finding } from './vote.js';

const memorySchema = z.object({ levels: z.record(z.string(), z.enum(SEVERITIES)) });
type PredictorMemory = z.infer<typeof memorySchema>;

/** Forecasts stand in for the model at this share of the confidence. */
const FALLBACK_WEIGHT = 0.8;

/** Which horizon's risk each level reads (without the model's own level). */
const HORIZON_OF = { watch: '4h', warning: '1h', critical: '15m' } as const;
/** The horizons behind the model's own levels (see Prediction.level). */
const MODEL_HORIZON_OF = { watch: '4h', warning: '4h', critical: '1h' } as const;

export const predictorAnalyser: Analyser<PredictorMemory> = {
  name: 'predictor',
  memorySchema,
  initialMemory: () => ({ levels: {} }),
  analyse(input, ctx) {
    const o = ctx.options;
    const mem = new LevelMemory(ctx.memory.levels);
    const p = input.analysis.prediction;
    const findings: Finding[] = [];
    let ok: string[];
    let data: number;
    if (p) {
      // The model's own level, from thresholds tuned with it, when it gives one; else the configured risk thresholds.
      const own = p.level;
      const level = mem.keep('risk', own ?? riskLevel(p, o.thresholds.risk, mem.prev('risk'), o.hysteresis));
      const r4 = p.risk['4h'];
      ok = [`risk of failure ${fmt(r4 * 100)}% within 4 h (${p.model})`];
      data = 0.7;
      if (level !== 'ok') {
        const h = (own ? MODEL_HORIZON_OF : HORIZON_OF)[level as keyof typeof HORIZON_OF];
        const r = p.risk[h];
        const t = own ? Math.min(r, 0.5) : o.thresholds.risk[level as keyof Levels];
        const finding = {
          severity: level,
          confidence: (0.55 + 0.4 * Math.max(0, Math.min(1, (r - t) / Math.max(1e-9, 1 - t)))) * Math.max(0.6, p.classProbability),
          evidence:
            `${fmt(r * 100)}% risk of failure within ${h}` +
            (p.class ? ` (${p.class.replace('_', ' ')}, ${fmt(p.classProbability * 100)}% sure)` : '') +
            (p.ttfSeconds !== null ? `; expected in ${fmtSeconds(p.ttfSeconds)}` : '') +
            (p.drivers.length ? `; driven by ${p.drivers.slice(0, 3).map((d) => d.input).join(', ')}` : ''),
          recommendation: p.recommendation || 'act before the predicted failure: see the evidence of the other analysers for where',
        };
        const sooner = trendsByKind(input.analysis.forecasts, mem, o);
        for (const kind of kindsOf(p)) findings.push(soonerByTrend({ ...finding, kind }, sooner.get(kind)));
      }
    } else {
      const T = o.thresholds;
      for (const f of input.analysis.forecasts) {
        const finding = forecastFinding(f, mem, T.ttfDisk, T.ttfMemory, o.hysteresis, FALLBACK_WEIGHT);
        if (finding) findings.push({ ...finding, evidence: `${finding.evidence} (robust trend; no model output)` });
      }
      ok = input.analysis.forecasts.length ? [`no model output; ${input.analysis.forecasts.length} forecasts, none heading for exhaustion soon`] : ['no model output and no forecasts'];
      data = input.analysis.forecasts.length ? 0.5 : 0;
    }
    ctx.memory.levels = mem.next;
    return votesFrom('predictor', findings, ok, data);
  },
};

/** The level the risks reach; a held level's thresholds are lowered by the hysteresis margin. */
function riskLevel(p: Prediction, t: Levels, previous: Severity, margin: number): Severity {
  let out: Severity = 'ok';
  for (const l of ['watch', 'warning', 'critical'] as const) {
    const held = severityRank(previous) >= severityRank(l);
    if (p.risk[HORIZON_OF[l]] >= (held ? t[l] * (1 - margin) : t[l])) out = l;
  }
  return out;
}

/** The kind of one of the model's inputs (`dev.net.errors` → network, `slope.inodes` → disk); undefined for topology inputs. */
export function kindOfInput(id: string): Kind | undefined {
  const m = /^(dev|ttf|slope1h|slope)\.(.+)$/.exec(id);
  if (!m) return kindOfMetric(id);
  if (m[1] === 'dev') return kindOfMetric(m[2]!);
  // Forecast inputs name a resource; its host-vector feature is the metric.
  const forecast = predict.FORECASTS.find((f) => f.id === m[2]);
  return forecast ? kindOfMetric(forecast.feature) : undefined;
}

/** The most urgent robust-trend finding per kind (disk, memory) among the window's forecasts. */
function trendsByKind(forecasts: readonly Forecast[], mem: LevelMemory, o: CouncilOptions): Map<Kind, Finding> {
  const out = new Map<Kind, Finding>();
  for (const f of forecasts) {
    const ff = forecastFinding(f, mem, o.thresholds.ttfDisk, o.thresholds.ttfMemory, o.hysteresis);
    const prev = ff && out.get(ff.kind);
    if (ff && (!prev || severityRank(ff.severity) > severityRank(prev.severity))) out.set(ff.kind, ff);
  }
  return out;
}

/**
 * The model says what is coming, and is weak at saying when (its time to failure is off by about
 * its own size; docs/prediction.md). Where the robust trend of the same resource says it comes
 * sooner, the model's level for that kind goes one step up, never more: the trend alone is the
 * resources analyser's vote, so it cannot make a second voter out of nothing the model saw.
 * @example soonerByTrend({ kind: 'memory', severity: 'watch', … }, { severity: 'critical', … }).severity // 'warning'
 */
export function soonerByTrend(f: Finding, trend: Finding | undefined): Finding {
  if (!trend || severityRank(trend.severity) <= severityRank(f.severity)) return f;
  const severity = SEVERITIES[Math.min(severityRank(trend.severity), severityRank(f.severity) + 1)]!;
  // How urgent is the trend's to say (at the fallback's share, as when no model runs).
  const confidence = Math.max(f.confidence, trend.confidence * FALLBACK_WEIGHT);
  return { ...f, severity, confidence, evidence: `${f.evidence}; the trend puts it sooner: ${trend.evidence}` };
}

/** How many of the drivers (those raising the risk) may name a kind beside the class. */
const DRIVER_KINDS = 3;

/**
 * The kinds the risk is about: the failure class's, and those of the inputs that raised it most.
 * The class head is the weaker part of the model (it confuses classes whose precursors look
 * alike); the drivers say where the model looked. The risk is one voter's either way: another
 * analyser must see the same kind for the quorum to count it. Without either, 'behaviour'.
 */
export function kindsOf(p: Prediction): Kind[] {
  const kinds = new Set<Kind>();
  if (p.class) kinds.add(CLASS_KIND[p.class]);
  for (const d of p.drivers.filter((x) => x.effect > 0).slice(0, DRIVER_KINDS)) {
    const k = d.id ? kindOfInput(d.id) : kindOfMetric(d.input);
    if (k) kinds.add(k);
  }
  if (kinds.size === 0) kinds.add('behaviour');
  return [...kinds];
}
