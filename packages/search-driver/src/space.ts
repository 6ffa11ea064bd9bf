/**
 * From a spec's `search` block to @cellsweep/search's vocabulary, and from drawn parameters back to trial configs.
 * Parameter names are the spec paths themselves (`training.learningRate`), so what a trial stored, what the searcher
 * saw and what the user wrote read the same.
 */
import {
  normaliseTrialConfig,
  type AdaptiveSearchSpec,
  type SweepSpec,
  type TrialConfig,
  type TrialSearchTag,
} from '@cellsweep/core';
import type { Domain, ParamSpec, Params, ParamValue, SearchSpace } from '@cellsweep/search';

/** In a search without fair mode over several cells, the cell is one more categorical parameter, named like its field. */
export const CELL_PARAM = 'cells';

/** The search space of a spec; `withCell` adds the cell as a parameter (several cells, no fair mode). */
export function searchSpace(search: AdaptiveSearchSpec, cells: readonly string[], withCell: boolean): SearchSpace {
  const space: ParamSpec[] = Object.entries(search.space).map(([name, domain]) => {
    const when = domain.when ? Object.entries(domain.when)[0] : undefined;
    return {
      name,
      domain: toDomain(domain),
      ...(when ? { when: { param: when[0], equals: when[1] } } : {}),
    };
  });
  if (withCell) space.unshift({ name: CELL_PARAM, domain: { kind: 'categorical', choices: cells } });
  return space;
}

function toDomain(domain: AdaptiveSearchSpec['space'][string]): Domain {
  if ('choice' in domain) return { kind: 'categorical', choices: domain.choice };
  if ('float' in domain) return { kind: 'float', low: domain.float[0], high: domain.float[1], log: domain.log };
  return { kind: 'int', low: domain.int[0], high: domain.int[1], log: domain.log };
}

/**
 * The trial config a spec gives every trial before the search draws anything: each field's single value (the
 * spec refuses lists outside the space in search mode). A size drawn by the search replaces `size`.
 */
export function baseConfig(spec: SweepSpec, cell: string, seed: number): TrialConfig {
  const first = <T>(values: readonly T[] | undefined, field: string): T => {
    const value = values?.[0];
    if (value === undefined) throw new Error(`spec field ${field} has no value`);
    return value;
  };
  const { training, cellOptions } = spec;
  const size: TrialConfig['size'] = spec.hidden
    ? { kind: 'hidden', hidden: first(spec.hidden, 'hidden') }
    : spec.paramBudget
      ? { kind: 'budget', paramBudget: first(spec.paramBudget, 'paramBudget') }
      : { kind: 'hidden', hidden: 0 }; // the space draws `hidden` or `paramBudget` (checked by the spec)
  return {
    task: first(spec.task, 'task'),
    cell: cell as TrialConfig['cell'],
    size,
    layers: first(spec.layers, 'layers'),
    recurrentActivation: first(cellOptions.recurrentActivation, 'cellOptions.recurrentActivation'),
    unitForgetBias: first(cellOptions.unitForgetBias, 'cellOptions.unitForgetBias'),
    training: {
      epochs: first(training.epochs, 'training.epochs'),
      batchSize: first(training.batchSize, 'training.batchSize'),
      optimizer: first(training.optimizer, 'training.optimizer'),
      learningRate: first(training.learningRate, 'training.learningRate'),
      clipNorm: first(training.clipNorm, 'training.clipNorm'),
      earlyStoppingPatience: training.earlyStoppingPatience,
    },
    seed,
    ...(cellOptions.implementation ? { implementation: cellOptions.implementation } : {}),
    // irnn's identity scale, when the spec gives one (normalise fills 1 otherwise).
    ...(cell === 'irnn' && cellOptions.identityScale
      ? { identityScale: first(cellOptions.identityScale, 'cellOptions.identityScale') }
      : {}),
    // The transformer's own options, when the spec gives them (normalise fills defaults otherwise).
    ...(cell === 'transformer' && spec.transformer
      ? {
          transformer: {
            heads: first(spec.transformer.heads, 'transformer.heads'),
            ffMultiplier: first(spec.transformer.ffMultiplier, 'transformer.ffMultiplier'),
            positional: first(spec.transformer.positional, 'transformer.positional'),
          },
        }
      : {}),
  };
}

/** `base` with the drawn values put in their fields, the epochs set, the tag attached and cell-only options pinned. */
export function configFor(base: TrialConfig, params: Params, epochs: number, tag: TrialSearchTag): TrialConfig {
  const config: TrialConfig = { ...base, training: { ...base.training, epochs }, search: tag };
  for (const [name, value] of Object.entries(params)) apply(config, name, value);
  return normaliseTrialConfig(config);
}

function apply(config: TrialConfig, name: string, value: ParamValue): void {
  const number = (): number => {
    if (typeof value !== 'number')
      throw new Error(`search parameter ${name} drew ${JSON.stringify(value)}, not a number`);
    return value;
  };
  switch (name) {
    case CELL_PARAM:
      config.cell = value as TrialConfig['cell'];
      return;
    case 'hidden':
      config.size = { kind: 'hidden', hidden: number() };
      return;
    case 'paramBudget':
      config.size = { kind: 'budget', paramBudget: number() };
      return;
    case 'layers':
      config.layers = number();
      return;
    case 'cellOptions.recurrentActivation':
      config.recurrentActivation = value as TrialConfig['recurrentActivation'];
      return;
    case 'cellOptions.unitForgetBias':
      config.unitForgetBias = value as boolean;
      return;
    case 'training.batchSize':
      config.training.batchSize = number();
      return;
    case 'training.optimizer':
      config.training.optimizer = value as TrialConfig['training']['optimizer'];
      return;
    case 'training.learningRate':
      config.training.learningRate = number();
      return;
    case 'training.clipNorm':
      config.training.clipNorm = value === null ? null : number();
      return;
    default:
      // The spec validates space keys against SEARCHABLE_FIELDS; a key reaching here is a field added there only.
      throw new Error(`search parameter ${name} has no place in a trial config (add it to search-driver's space.ts)`);
  }
}
