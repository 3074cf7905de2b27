/** The baselines users rely on, as evaluation sources (fresh detector state per trace). */
import { createEwmaDetector, createPredictLinearDetector, createSeasonalDetector, createStaticDetector, createTrendDetector } from '../forecast/index.js';
import { fromDetector, type AlarmSource } from './run.js';

export function baselineSources(): AlarmSource[] {
  return [
    fromDetector(() => createStaticDetector()),
    fromDetector(() => createPredictLinearDetector()),
    fromDetector(() => createTrendDetector()),
    fromDetector(() => createEwmaDetector()),
    fromDetector(() => createSeasonalDetector()),
  ];
}
