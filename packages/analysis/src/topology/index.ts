/** Per-host window topology: diagrams, summaries, baseline, drift and plain-language readings (pure). */
export { WINDOWS_NEEDED, analyseTopology, initialTopologyState, type TopologyOptions, type TopologyResult, type TopologyState } from './analyse.js';
export { addToBaseline, diagramDistance, emptyBaseline, storeDiagram, type BaselineState, type StoredDiagram } from './baseline.js';
export { readFeatures, type ReadingInput } from './readings.js';
