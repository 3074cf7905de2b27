/** CfC liquid network: model, forward pass, training (BPTT + Adam), explanations, JSON and ONNX export. */
export { ACTIVATIONS, type Activation } from './activations.js';
export { cfcConfigSchema, N_CLASSES, N_HORIZONS, N_OUTPUTS, type CfcConfig, type CfcConfigInput, type Layout, type ParamGroup } from './config.js';
export { createCfc, cloneModel, paramView, type CfcModel, type CreateCfcOptions } from './model.js';
export { checkSequence, fitNormalisation, type Sequence } from './dataset.js';
export { CLASS_UNKNOWN, RISK_UNKNOWN, decodeTtf, encodeTtf } from './losses.js';
export { createCfcRunner, forwardSequence, type CfcRunner, type SequenceOutputs, type StepOutputs } from './forward.js';
export { evaluateLoss, train, trainOptionsSchema, type EpochInfo, type LossReport, type TrainOptions, type TrainResult } from './train.js';
export { explain, type Driver, type ExplainOptions } from './explain.js';
export { MODEL_FORMAT, MODEL_FORMAT_VERSION, modelFromJson, modelId, modelToJson, type CfcModelJson } from './serialise.js';
export { ONNX_INPUTS, ONNX_OUTPUTS, describeOnnx, exportOnnx, type OnnxModelInfo } from './onnx-export.js';
export { createSerialShares, createShareRunner, type GradientShares, type ShareResult, type ShareSetup, type ShareTask } from './shares.js';
