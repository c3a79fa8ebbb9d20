export { Evaluator, type EvaluatorOptions } from './evaluator.js';
