/**
 * What the server's analysis says about a host: topology, forecasts, the CfC prediction and the
 * council's decision. Shapes of `GET /api/v1/hosts/:id/analysis`, `…/topology` and the stream.
 * Every part may be null: it is missing until its engine has enough data (or is not built), and
 * the dashboard says so instead of inventing values.
 */

/** Council decisions and vote severities, from calm to urgent. */
export const SEVERITIES = ['ok', 'watch', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank of a severity (ok 0 … critical 3), for comparisons. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** The failure classes the scenario generator labels and the predictor names. */
export const FAILURE_CLASSES = [
  'memory_leak',
  'disk_fill',
  'inode_exhaustion',
  'cpu_runaway',
  'network_saturation',
  'connection_storm',
  'io_stall',
  'swap_thrash',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** Prediction horizons: probability of failure within each. */
export const HORIZONS = ['15m', '1h', '2h', '4h'] as const;
export type Horizon = (typeof HORIZONS)[number];
export const HORIZON_SECONDS: Record<Horizon, number> = { '15m': 900, '1h': 3600, '2h': 7200, '4h': 14_400 };

/** The analysers of the council. */
export const ANALYSERS = ['resources', 'network', 'security', 'performance', 'predictor'] as const;
export type AnalyserName = (typeof ANALYSERS)[number];

/** One long-lived feature of the current window, read in plain words. */
export interface TopologicalFeature {
  /** Homology dimension: 0 = separate groups of states (regimes), 1 = a loop (a cycle). */
  dim: number;
  birth: number;
  /** null for a class that never dies. */
  death: number | null;
  persistence: number;
  /** The metrics that carry the feature, strongest first. */
  metrics: string[];
  /** Unix seconds: when the feature began (e.g. when a second regime started), if known. */
  since?: number;
  /** Plain language, e.g. "memory and swap move in a loop: periodic pressure". */
  reading: string;
}

export interface TopologySummary {
  /** Points in the window's cloud and the metrics used as its coordinates. */
  points: number;
  metrics: string[];
  /** Window start and end, unix seconds. */
  from: number;
  to: number;
  /** Betti numbers at the window's characteristic scale, per dimension. */
  betti: number[];
  /** Persistence entropy per dimension (finite bars). */
  entropy: number[];
  /** Sum of finite bar lengths per dimension. */
  totalPersistence: number[];
  /** L1 and L2 norms of the first persistence landscape level, per dimension. */
  landscape: { l1: number[]; l2: number[] };
  /** 1-Wasserstein distance (H0 + H1) to the host's baseline; null while the baseline is learned. */
  wasserstein: number | null;
  drift: {
    score: number | null;
    /** Learned from this host's own history of scores. */
    threshold: number | null;
    drifting: boolean;
    /** Windows seen so far and windows needed before the baseline is used. */
    learned: number;
    needed: number;
  };
  features: TopologicalFeature[];
  /**
   * The window's diagrams and the baseline's (the medoid of the host's healthy windows), per
   * dimension, as `[birth, death]` with death null for a class that never dies. In the latest
   * analysis only; history keeps the numbers above.
   */
  diagrams?: { current: DiagramJson[]; baseline: DiagramJson[] | null };
}

/** One diagram in JSON: `[birth, death]` pairs, death null for an essential class. */
export type DiagramJson = Array<[number, number | null]>;

/** Time to a threshold from a robust trend (like predict_linear, resistant to outliers). */
export interface Forecast {
  metric: string;
  value: number;
  threshold: number;
  /** Per hour, in the metric's unit. */
  slopePerHour: number;
  /** Seconds until the trend crosses the threshold; null when it does not head there. */
  ttfSeconds: number | null;
}

export interface Prediction {
  risk: Record<Horizon, number>;
  /** Expected seconds to failure; null when no failure is expected within the horizons. */
  ttfSeconds: number | null;
  class: FailureClass | null;
  classProbability: number;
  /**
   * The inputs that moved this prediction most (gradient × input), largest effect first: `input`
   * in plain words, `id` the model's input id (e.g. `slope.inodes`, `dev.net.errors`).
   */
  drivers: Array<{ input: string; effect: number; id?: string }>;
  recommendation: string;
  model: string;
  /**
   * The model's own alarm level from these risks and the thresholds tuned with it on validation
   * data (warning: the 4-hour risk past its threshold; critical: the 1-hour risk too). The
   * council's predictor votes it.
   */
  level?: Severity;
}

/** One analyser's vote. */
export interface Vote {
  analyser: AnalyserName;
  severity: Severity;
  confidence: number;
  /** What the analyser is worried about, e.g. "disk", "memory"; used in the alert fingerprint. */
  kind: string;
  evidence: string[];
  recommendation: string;
}

/** The council's level for one alert kind (the alert engine keeps one alert per host + kind). */
export interface Concern {
  kind: string;
  /** After `for` durations and hysteresis: what alerts follow. */
  severity: Severity;
  /** What the quorum supports in this window, before `for` and hysteresis. */
  raw: Severity;
  /** Unix seconds: since when `severity` holds. */
  since: number;
  /** A higher level the raw quorum keeps supporting, waiting out its `for` (since: unix s). */
  pending: { severity: Severity; since: number } | null;
}

export interface CouncilDecision {
  /** Unix seconds (event time). */
  ts: number;
  decision: Severity;
  /** The alert kind this decision is about (the strongest concern), e.g. "memory". */
  kind: string;
  summary: string;
  votes: Vote[];
  /** Every kind the council holds a level for (set by server/src/council; absent in older decisions). */
  concerns?: Concern[];
}

export interface HostAnalysis {
  hostId: string;
  /** Event time of the window end, unix seconds. */
  ts: number;
  topology: TopologySummary | null;
  forecasts: Forecast[];
  prediction: Prediction | null;
  council: CouncilDecision | null;
}

/** `GET /api/v1/hosts/:id/analysis`: the latest analysis, or null with the reason. */
export interface AnalysisResponse {
  analysis: HostAnalysis | null;
  /** Why parts are missing, e.g. "topology: 23 of 60 samples in the window". */
  missing: string[];
}

/** `GET /api/v1/hosts/:id/topology?from&to`: columnar history, uPlot's shape. */
export interface TopologyHistoryResponse {
  timestamps: number[];
  /** `betti.0`, `betti.1`, `entropy.0`, `entropy.1`, `wasserstein`, `drift.score`, `drift.threshold`, … */
  series: Record<string, Array<number | null>>;
}
