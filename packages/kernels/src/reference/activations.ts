/** Scalar activations in float64, written from tfjs's definitions (tfjs-layers activations.js, tfjs_backend.js). */
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** Keras/tfjs hard sigmoid: clip(0.5 + 0.2·x, 0, 1). */
export const hardSigmoid = (x: number): number => Math.min(1, Math.max(0, 0.5 + 0.2 * x));

export function gateActivation(hard: boolean): (x: number) => number {
  return hard ? hardSigmoid : sigmoid;
}

/** Derivative of the gate activation at pre-activation x. */
export function gateDerivative(hard: boolean): (x: number) => number {
  if (hard) return (x) => (0.5 + 0.2 * x > 0 && 0.5 + 0.2 * x < 1 ? 0.2 : 0);
  return (x) => {
    const s = sigmoid(x);
    return s * (1 - s);
  };
}

export const tanhDerivative = (x: number): number => 1 - Math.tanh(x) ** 2;

export const relu = (x: number): number => Math.max(x, 0);
/** 0 at exactly 0, as tfjs's relu gradient (step(x)). */
export const reluDerivative = (x: number): number => (x > 0 ? 1 : 0);
