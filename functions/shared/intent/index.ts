/**
 * An embedded intent classifier: train it on a tenant's labelled
 * utterances, ship the artifact with the function, classify in well under
 * a millisecond. See README.md in this folder for the method and figures.
 */
export {
  type CrossValidateOptions,
  type CrossValidation,
  crossValidate,
  type FoldScore,
  stratifiedFolds,
} from './cross-validate';
export {
  type LabelledExample,
  parseCsv,
  parseLabelledCsv,
  readLabelledCsv,
} from './csv';
export { IntentDataError, IntentModelFormatError } from './errors';
export {
  type Evaluation,
  evaluate,
  type RunFigures,
  trainAndEvaluate,
} from './evaluate';
export {
  type IntentModel,
  type IntentPrediction,
  OUT_OF_SCOPE,
  predict,
  type ScoredIntent,
} from './model';
export { deserializeModel, serializeModel } from './serialize';
export { DEFAULT_TRAIN_OPTIONS, type TrainOptions, train } from './train';
