/**
 * `aura eval`'s engine: the held-out test split (host seeds never used in training), every
 * baseline and the CfC scored on the same traces with the same definitions (packages/analysis/src/eval),
 * and the targets of issue 4 checked against the figures as they come out.
 */
import { summarize, type EvalTable } from '@aura/analysis/eval';
import type { nn } from '@aura/analysis';
import { thresholdsOf } from '../analysis/model-file.js';
import { cfcOutcomes } from './cfc-outcomes.js';
import { scoreHosts, suiteEntries, type SuiteSpec } from './dataset.js';
import type { HostScore } from './suite-worker.js';

export interface EvalReport {
  suite: SuiteSpec;
  model: string | null;
  tables: EvalTable[];
  targets: TargetCheck[];
  seconds: number;
}

export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
}

/** Extra alarm sources computed from the scored hosts (the council's combination joins here). */
export type ExtraSource = { name: string; outcomes: (hosts: HostScore[]) => ReturnType<typeof cfcOutcomes> };

export async function evaluateSuite(spec: SuiteSpec, model: nn.CfcModelJson | null, threads: number, extra: ExtraSource[] = [], onProgress?: (hosts: number) => void): Promise<EvalReport> {
  const t0 = performance.now();
  const entries = suiteEntries(spec, 'test');
  const hosts = await scoreHosts(entries, model, true, threads, onProgress);
  const names = Object.keys(hosts[0]?.baselines ?? {});
  const baselineNames = names.filter((n) => n !== 'council');
  const tables = baselineNames.map((n) => summarize(n, hosts.map((h) => h.baselines[n]!)));
  if (model) tables.push(summarize('cfc', cfcOutcomes(hosts, thresholdsOf(model))));
  // The council's combination (CfC, forecasts and the other analysers, as the server decides).
  if (names.includes('council')) tables.push(summarize('council', hosts.map((h) => h.baselines.council!)));
  for (const e of extra) tables.push(summarize(e.name, e.outcomes(hosts)));
  return { suite: spec, model: model?.id ?? null, tables, targets: checkTargets(tables), seconds: (performance.now() - t0) / 1000 };
}

const row = (t: EvalTable, group: string) => t.rows.find((r) => r.group === group);

/** Issue 4's targets, for the CfC alone and for the council's combination (what alerts), each when present. */
export function checkTargets(tables: EvalTable[]): TargetCheck[] {
  return ['cfc', 'council'].flatMap((name) => {
    const subject = tables.find((t) => t.detector === name);
    return subject ? targetsOf(subject, tables) : [];
  });
}

function targetsOf(subject: EvalTable, tables: EvalTable[]): TargetCheck[] {
  const all = row(subject, 'all')!;
  const slow = row(subject, 'slow');
  const fa = subject.healthy.perHostDay;
  const checks: TargetCheck[] = [
    { target: `${subject.detector}: recall ≥ 0.85 (warned ≥ 15 min ahead, non-abrupt failures)`, value: all.recall.toFixed(2), met: all.recall >= 0.85 },
    { target: `${subject.detector}: false alarms ≤ 0.1 per healthy host-day`, value: fa.toFixed(3), met: fa <= 0.1 },
    { target: `${subject.detector}: median lead ≥ 2 h on slow failures`, value: slow?.leadMedianS == null ? '–' : `${(slow.leadMedianS / 3600).toFixed(1)} h`, met: (slow?.leadMedianS ?? 0) >= 7200 },
  ];
  for (const peer of ['predict_linear', 'static']) {
    const p = tables.find((t) => t.detector === peer);
    if (!p) continue;
    const pAll = row(p, 'all')!;
    const leadBetter = (all.leadMedianS ?? 0) > (pAll.leadMedianS ?? 0);
    const faBetter = fa < p.healthy.perHostDay;
    checks.push({
      target: `${subject.detector}: strictly better than ${peer} on lead time and false alarms`,
      value: `lead ${hours(all.leadMedianS)} vs ${hours(pAll.leadMedianS)}, false alarms ${fa.toFixed(3)} vs ${p.healthy.perHostDay.toFixed(3)}`,
      met: leadBetter && faBetter,
    });
  }
  return checks;
}

function hours(s: number | null): string {
  return s === null ? '–' : `${(s / 3600).toFixed(1)} h`;
}
