/** The predictor's side of the analysis: the CfC's inputs per minute, training targets and sequences (pure). */
export { FORECASTS, INPUT_COUNT, INPUT_IDS, PREDICTOR_INPUTS, TOPOLOGY_INPUTS, inputLabel, type PredictorInput } from './inputs.js';
export { MAX_GAP_MIN, initialPredictorState, predictorStep, type MinuteResult, type PredictorState } from './minute.js';
export { CLASS_UNKNOWN, RISK_UNKNOWN, SETTLE_S, TTF_KNOWN_S, stepTargets, type StepLabel, type StepTargets } from './labels.js';
export { traceSequences, type MinuteTrace, type TrainingSequence } from './dataset.js';
export { DEFAULT_THRESHOLDS, HOLD_MINUTES, alarmLevels, riskLevel, severityName, type AlarmThresholds } from './alarm.js';
export { GENERAL_RECOMMENDATION, RECOMMENDATIONS } from './recommend.js';
