/**
 * What the browser bundle takes of @aura/analysis at run time: the Betti curve of a diagram
 * (pure, typed arrays), imported by path so nothing else of the package comes along.
 */
export { bettiCurve } from '../../../packages/analysis/src/tda/betti.js';
