import type { HeadSpec, ModelShape, TransformerOptions } from './model-shape.js';

/** What of a trial's config decides its model's shape (core's `TrialConfig` has these fields). */
export type ShapeConfig = Pick<ModelShape, 'cell' | 'layers' | 'recurrentActivation' | 'unitForgetBias'> & {
  transformer?: TransformerOptions;
  /** irnn only. */
  identityScale?: number;
};

/**
 * The model a trial describes, with the head its dataset needs. The task's (training) sequence length rides
 * along because a transformer with learned positions has T·d parameters; recurrent shapes ignore it.
 */
export function modelShape(
  config: ShapeConfig,
  hidden: number,
  task: { inputSize: number; target: HeadSpec; sequenceLength?: number },
): ModelShape {
  return {
    cell: config.cell,
    inputSize: task.inputSize,
    hidden,
    layers: config.layers,
    head: task.target,
    recurrentActivation: config.recurrentActivation,
    unitForgetBias: config.unitForgetBias,
    ...(config.transformer ? { transformer: config.transformer } : {}),
    ...(config.identityScale === undefined ? {} : { identityScale: config.identityScale }),
    ...(task.sequenceLength === undefined ? {} : { sequenceLength: task.sequenceLength }),
  };
}
