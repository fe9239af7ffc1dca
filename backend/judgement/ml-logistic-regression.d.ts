/**
 * Types for ml-logistic-regression 2.0.0 (it ships none), written from its source: one-vs-all
 * logistic regression by full-batch gradient descent, no bias term, no regularisation. Its
 * features matrix is only ever asked for `rows`, `columns`, `mmul` and `transpose().mmul`, which
 * is what FeatureMatrix states, so a sparse matrix can stand in for a dense one.
 */
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  export interface FeatureMatrix {
    readonly rows: number;
    readonly columns: number;
    /** This matrix times a column vector. */
    mmul(other: Matrix): Matrix;
    transpose(): { mmul(other: Matrix): Matrix };
  }

  export interface TwoClassClassifier {
    weights: Matrix;
    /** sigmoid(X·w) per row: the probability of "not this class" (the library labels it 1). */
    testScores(features: FeatureMatrix): number[];
  }

  export interface LogisticRegressionModel {
    name: 'LogisticRegression';
    numSteps: number;
    learningRate: number;
    numberClasses: number;
    classifiers: { weights: number[][] | Matrix }[];
  }

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numberClasses: number;
    classifiers: TwoClassClassifier[];
    /** Y: a column vector of class numbers 0..k−1, every one present. */
    train(features: FeatureMatrix, target: Matrix): void;
    /** The class number of each row. */
    predict(features: FeatureMatrix): number[];
    static load(model: LogisticRegressionModel): LogisticRegression;
  }
}
