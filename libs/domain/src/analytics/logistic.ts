import { Matrix, solve } from 'ml-matrix';

/**
 * L2-regularized logistic regression, fitted by Newton's method (iteratively reweighted least squares) with
 * ml-matrix solving each step's linear system. It minimizes
 *   Σ logloss(y_i, σ(b + x_i·w)) + (λ/2)·‖w‖²
 * (the intercept b is not penalized), which is scikit-learn's LogisticRegression(C = 1/λ, penalty='l2').
 * Newton's method reaches that optimum to machine precision in a handful of steps, so a fit is the same on
 * every machine and can be checked against another implementation; the objective is strictly convex for
 * λ > 0, so the optimum exists even when a rule matches only won leads (separation), where an unpenalized
 * fit runs off to infinity. Why not a library's fitter: README, "Tune your points with conversion data".
 */
export interface LogisticFit {
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

const MAX_ITERATIONS = 100;
const TOLERANCE = 1e-10;

export function sigmoid(value: number): number {
  return value >= 0 ? 1 / (1 + Math.exp(-value)) : Math.exp(value) / (1 + Math.exp(value));
}

export function fitLogistic(
  rows: readonly (readonly number[])[],
  wins: readonly boolean[],
  lambda: number,
): LogisticFit {
  const features = rows[0]?.length ?? 0;
  // column 0 is the intercept
  let beta = new Array<number>(features + 1).fill(0);
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration += 1) {
    const gradient = new Array<number>(features + 1).fill(0);
    const hessian = Matrix.zeros(features + 1, features + 1);
    rows.forEach((row, i) => {
      const x = [1, ...row];
      const p = sigmoid(x.reduce((sum, value, j) => sum + value * (beta[j] ?? 0), 0));
      const weight = p * (1 - p);
      const error = (wins[i] ? 1 : 0) - p;
      for (let j = 0; j <= features; j += 1) {
        gradient[j] = (gradient[j] ?? 0) + error * (x[j] ?? 0);
        for (let k = 0; k <= features; k += 1)
          hessian.set(j, k, hessian.get(j, k) + weight * (x[j] ?? 0) * (x[k] ?? 0));
      }
    });
    for (let j = 1; j <= features; j += 1) {
      gradient[j] = (gradient[j] ?? 0) - lambda * (beta[j] ?? 0);
      hessian.set(j, j, hessian.get(j, j) + lambda);
    }
    const step = solve(hessian, Matrix.columnVector(gradient)).to1DArray();
    beta = beta.map((value, j) => value + (step[j] ?? 0));
    if (Math.max(...step.map(Math.abs)) < TOLERANCE) {
      return { intercept: beta[0] ?? 0, coefficients: beta.slice(1), iterations: iteration, converged: true };
    }
  }
  return {
    intercept: beta[0] ?? 0,
    coefficients: beta.slice(1),
    iterations: MAX_ITERATIONS,
    converged: false,
  };
}

/** The fitted win probability of one row of features. */
export function predictLogistic(
  fit: Pick<LogisticFit, 'intercept' | 'coefficients'>,
  row: readonly number[],
): number {
  return sigmoid(row.reduce((sum, value, j) => sum + value * (fit.coefficients[j] ?? 0), fit.intercept));
}
