/** The messages between the analysis scheduler (main thread) and its workers: plain, structured-clone data. */
import type { Forecast, Prediction, TopologySummary } from '@aura/protocol';
import type { predict } from '@aura/analysis';
import type { TopologyState } from '@aura/analysis/topology';

/** Everything a host's analysis carries from one window to the next (JSON; persisted in the host file). */
export interface HostAnalysisState {
  version: 3;
  topology: TopologyState;
  predictor: predict.PredictorState;
  /** The last minute (unix ms / 60 000) the predictor stepped. */
  lastMinute: number | null;
  /** The CfC's hidden state after the host's last step (event time in unix seconds). */
  cfc: { ts: number; h: number[] } | null;
}

export interface HostJob {
  hostId: string;
  /** Window end, unix ms (event time). */
  ts: number;
  /** Unix ms per sample, and FEATURE_COUNT values per sample (see @aura/analysis/features). */
  timestamps: Float64Array;
  values: Float64Array;
  state: HostAnalysisState;
}

export interface AnalysisJob {
  hosts: HostJob[];
}

export interface HostResult {
  hostId: string;
  ts: number;
  topology: TopologySummary | null;
  forecasts: Forecast[];
  prediction: Prediction | null;
  missing: string[];
  state: HostAnalysisState;
  /** Worker time spent on this host. */
  ms: number;
  /** Set when this host's analysis threw (the others in the batch are unaffected). */
  error?: string;
}

export interface AnalysisJobResult {
  hosts: HostResult[];
}
