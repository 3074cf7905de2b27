/** The council's knobs and their defaults; every duration in ms of event time. */
import type { AnalyserName, Severity } from '@aura/protocol';

/** Thresholds of one measure at the three alerting levels. */
export interface Levels {
  watch: number;
  warning: number;
  critical: number;
}

export interface Thresholds {
  /** `cpu.total`, percent. */
  cpu: Levels;
  /** `mem.used_pct`, percent. */
  memory: Levels;
  /** `swap.used_pct`, percent. */
  swap: Levels;
  /** `disk.<mount>.used_pct`, percent. */
  disk: Levels;
  /** `disk.<mount>.inodes_used_pct`, percent. */
  inodes: Levels;
  /** `diskio.<device>.util_pct`, percent of time busy. */
  diskBusy: Levels;
  /** `load.1` per core. */
  load: Levels;
  /** `cpu.iowait`, percent. */
  iowait: Levels;
  /** `cpu.steal`, percent. */
  steal: Levels;
  /** Busiest direction of an interface, percent of its link speed. */
  linkUse: Levels;
  /** Interface errors, percent of packets. */
  netErrors: Levels;
  /** Interface drops, percent of packets. */
  netDrops: Levels;
  /** Time to a disk or inode threshold from the forecasts, seconds (lower is worse). */
  ttfDisk: Levels;
  /** Time to exhausting memory from the forecasts, seconds (lower is worse). */
  ttfMemory: Levels;
  /** Predicted failure probability: at 4 h for watch, 1 h for warning, 15 min for critical. */
  risk: Levels;
  /** Established connections, multiple of the host's own baseline. */
  connStorm: Levels;
  /** Process count, multiple of the host's own baseline. */
  processes: Levels;
}

export interface CouncilOptions {
  /** Weight of each analyser's confidence in the quorum; 0 leaves an analyser out. */
  weights: Record<AnalyserName, number>;
  /**
   * Robust support (the weighted confidence of the agreeing analysers minus the strongest one)
   * needed to enter a level, and the lower support needed to stay there (hysteresis).
   */
  quorum: { enter: number; exit: number };
  /** How long the quorum must hold a higher level before the decision moves up (Prometheus `for`). */
  for: { watch: number; warning: number; critical: number };
  /** How long the quorum must stay below the current level before the decision moves down. */
  clearFor: number;
  /** A longer gap between two decisions of a host restarts the `for` and clear timers. */
  maxGap: number;
  /** A host whose newest sample is this far behind the fleet clock is silent (at least 4 intervals). */
  silentAfter: number;
  /** "Now" is the median over this much of the newest samples, so one spike is not a state. */
  nowWindow: number;
  /** Hosts' histories (ports, remote endpoints, peers) are learned this long before novelty counts. */
  learnFor: number;
  /** A level is kept until its measure falls this fraction below the threshold. */
  hysteresis: number;
  thresholds: Thresholds;
  /**
   * Fire drill: pin analysers' votes (a pinned analyser votes this severity on every kind, with
   * full confidence), to check in a running server that one faulty voter cannot raise or
   * suppress an alert alone. Empty in normal operation.
   */
  pin: Partial<Record<AnalyserName, Severity>>;
}

const H = 3_600_000;

export const DEFAULT_THRESHOLDS: Thresholds = {
  cpu: { watch: 85, warning: 95, critical: 99 },
  memory: { watch: 85, warning: 92, critical: 97 },
  swap: { watch: 50, warning: 80, critical: 95 },
  disk: { watch: 85, warning: 92, critical: 97 },
  inodes: { watch: 85, warning: 92, critical: 97 },
  diskBusy: { watch: 80, warning: 95, critical: 99 },
  load: { watch: 1.5, warning: 2.5, critical: 4 },
  iowait: { watch: 20, warning: 40, critical: 60 },
  steal: { watch: 10, warning: 25, critical: 50 },
  linkUse: { watch: 70, warning: 85, critical: 95 },
  netErrors: { watch: 0.1, warning: 1, critical: 5 },
  netDrops: { watch: 0.5, warning: 2, critical: 10 },
  ttfDisk: { watch: 24 * 3600, warning: 4 * 3600, critical: 3600 },
  ttfMemory: { watch: 4 * 3600, warning: 3600, critical: 900 },
  risk: { watch: 0.5, warning: 0.5, critical: 0.5 },
  connStorm: { watch: 3, warning: 5, critical: 10 },
  processes: { watch: 2, warning: 3, critical: 5 },
};

export const DEFAULT_COUNCIL_OPTIONS: CouncilOptions = {
  weights: { resources: 1, network: 1, security: 1, performance: 1, predictor: 1 },
  quorum: { enter: 0.35, exit: 0.2 },
  // Critical waits less than warning: by the time two analysers agree on critical, paging late costs more.
  for: { watch: 0, warning: 5 * 60_000, critical: 2 * 60_000 },
  clearFor: 5 * 60_000,
  maxGap: 10 * 60_000,
  silentAfter: 3 * 60_000,
  nowWindow: 60_000,
  learnFor: H,
  hysteresis: 0.05,
  thresholds: DEFAULT_THRESHOLDS,
  pin: {},
};

/** Deep partial of the options, as the config file gives them. */
export type CouncilOptionsInput = {
  [K in keyof CouncilOptions]?: CouncilOptions[K] extends object
    ? { [J in keyof CouncilOptions[K]]?: CouncilOptions[K][J] extends object ? Partial<CouncilOptions[K][J]> : CouncilOptions[K][J] }
    : CouncilOptions[K];
};

/**
 * Defaults overlaid with what is given (two levels deep).
 * @example resolveCouncilOptions({ thresholds: { disk: { warning: 90 } } }).thresholds.disk // { watch: 85, warning: 90, critical: 97 }
 */
export function resolveCouncilOptions(input: CouncilOptionsInput = {}): CouncilOptions {
  const out = structuredClone(DEFAULT_COUNCIL_OPTIONS) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const base = out[key];
    if (isObject(base) && isObject(value)) {
      for (const [k2, v2] of Object.entries(value)) {
        if (v2 === undefined) continue;
        const inner = base[k2];
        base[k2] = isObject(inner) && isObject(v2) ? Object.assign({}, inner, v2) : v2;
      }
    } else out[key] = value;
  }
  return out as unknown as CouncilOptions;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
