/**
 * The standard normal distribution, for the two places analysis needs it: the large-n fallback of the Wilcoxon
 * test and the normal-approximation power calculation behind "how many seeds would be needed".
 */
import { AnalysisArgumentError } from './errors.js';

/** ln √(2π): the normalising constant of the normal density, in log space. */
const LOG_SQRT_2PI = 0.918_938_533_204_672_7;

/**
 * Standard normal CDF Φ(x), in [0, 1] for every x.
 *
 * Near the centre (|x| < 3), Marsaglia's Taylor series (Marsaglia 2004, "Evaluating the Normal Distribution",
 * J. Stat. Software 11(4)): Φ(x) = 1/2 + φ(x)·(x + x³/3 + x⁵/(3·5) + ...), absolute error ~1e-16. In the tails,
 * `normalTail`: the series alone loses every digit there (0.5 + a sum near −0.5) and left [0, 1] beyond |x| ≈ 11,
 * which made a Wilcoxon p-value negative and Holm throw (issue 19).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -3) return normalTail(-x);
  if (x >= 3) return 1 - normalTail(x);
  let sum = x;
  let previous = 0;
  let term = x;
  const square = x * x;
  for (let i = 1; sum !== previous; ) {
    previous = sum;
    i += 2;
    term *= square / i;
    sum = previous + term;
  }
  return clampProbability(0.5 + sum * Math.exp(-0.5 * square - LOG_SQRT_2PI));
}

/**
 * Upper tail Q(x) = 1 − Φ(x) = Φ(−x) with full relative accuracy (~1e-15) for x ≥ 3, down to the smallest double
 * (x ≈ 38.5; beyond it 0). Laplace's continued fraction for the Mills ratio, Q(x) = φ(x) / (x + 1/(x + 2/(x + ...))),
 * evaluated bottom-up, and the density taken in log space so nothing overflows before the final exp. For x < 3 it
 * is Φ(−x), whose absolute error (~1e-16) is then small relative to Q ≥ 0.0013.
 */
export function normalTail(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 3) return normalCdf(-x);
  if (x === Infinity) return 0;
  // At x = 3 the fraction needs ~120 terms for 1e-16; it converges faster further out.
  let fraction = x;
  for (let k = 160; k >= 1; k--) fraction = x + k / fraction;
  return clampProbability(Math.exp(-0.5 * x * x - LOG_SQRT_2PI - Math.log(fraction)));
}

function clampProbability(p: number): number {
  return p < 0 ? 0 : Math.min(p, 1);
}

/**
 * Standard normal quantile Φ⁻¹(p) by Wichura's algorithm AS 241 (PPND16, Applied Statistics 37(3), 1988),
 * relative accuracy about 1e-16.
 */
export function normalQuantile(probability: number): number {
  if (!(probability > 0 && probability < 1)) {
    if (probability === 0) return -Infinity;
    if (probability === 1) return Infinity;
    throw new AnalysisArgumentError('probability', `must be in [0, 1], got ${probability}`);
  }
  const q = probability - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180_625 - q * q;
    // biome-ignore format: Wichura's AS241 polynomials, laid out as printed in the paper
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? probability : 1 - probability;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    // biome-ignore format: Wichura's AS241 polynomials, laid out as printed in the paper
    value =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    // biome-ignore format: Wichura's AS241 polynomials, laid out as printed in the paper
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
        0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -value : value;
}
