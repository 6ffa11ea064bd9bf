/**
 * The plugin cell interface: how a user's own recurrent cell joins the equal-budget comparison.
 *
 * Glossary:
 * - plugin module: an npm package (or a local module) the OPERATOR installs and lists in the allow-list
 *   (`CELLSWEEP_PLUGINS`, read by each app's env.ts). Its default export is one `CellPlugin` or a list of them.
 * - plugin cell name: what a spec writes, `plugin:<name>` (e.g. `cells: [gru, plugin:mgu]`). A spec names a plugin,
 *   never a module or a path: which code runs on a machine is the operator's decision, not the submitter's.
 *
 * A plugin describes ONE recurrent layer: cellsweep stacks `layers` of them (the first sees `inputSize` features,
 * the others `hidden`), adds the dense head, counts, solves widths, trains and checks `model.countParams()` against
 * the plugin's formula before training (a mismatch fails the trial).
 *
 * This file imports tfjs for types only, so loading plugins (and planning with them) loads no tensors.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { RecurrentActivation } from './model-shape.js';

/** tfjs-layers' Initializer class (its package exports the type only under this route). */
type Initializer = ReturnType<typeof tfjs.initializers.zeros>;

/** What a spec writes before a plugin's name. */
export const PLUGIN_CELL_PREFIX = 'plugin:';
/** A plugin's name: lowercase letters, digits and "-", starting with a letter (never a path or a package name). */
export const PLUGIN_NAME_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

export type PluginCellName = `plugin:${string}`;

/** What `createLayer` gets: the layer's settings and cellsweep's seeded initializers (use them: one seed, one model). */
export interface PluginLayerOptions {
  /** Units of the layer (its output and state width): the width cellsweep solved or the spec fixed. */
  units: number;
  /** Emit every step's output (`[batch, time, units]`), else only the last (`[batch, units]`). */
  returnSequences: boolean;
  /** The layer's name (`rnn_<index>`): part of the checkpoint format, so pass it on unchanged. */
  name: string;
  /** Seeded glorotUniform for input kernels. */
  kernelInitializer: Initializer;
  /** Seeded orthogonal for recurrent kernels. */
  recurrentInitializer: Initializer;
  /** Zeros. */
  biasInitializer: Initializer;
  /** The spec's gate activation (`cellOptions.recurrentActivation`); a plugin without gates may ignore it. */
  recurrentActivation: RecurrentActivation;
  /** The spec's `cellOptions.unitForgetBias`; a plugin without a forget gate may ignore it. */
  unitForgetBias: boolean;
}

/** The model around the plugin's layers, for a budget solver: everything but the width. */
export interface PluginBudgetShape {
  inputSize: number;
  layers: number;
  /** Units of the dense head (classes, or regression outputs). */
  outputs: number;
}

export interface CellPlugin {
  /** The name a spec uses after `plugin:` (PLUGIN_NAME_PATTERN). */
  name: string;
  /** One line for `cellsweep plan` and error messages, e.g. the paper the cell comes from. */
  description?: string;
  /**
   * Trainable parameters of ONE layer with `inputSize` features in and `hidden` units, exactly as tfjs counts them.
   * Must be a positive integer that grows strictly with `hidden` (the budget search relies on it).
   */
  layerParamCount(inputSize: number, hidden: number): number;
  /**
   * Builds one recurrent layer, e.g. `tf.layers.rnn({ cell: new MyCell(...), ... })`. `tf` is cellsweep's own tfjs,
   * so the plugin needs no tfjs dependency of its own (two copies of tfjs cannot share tensors).
   */
  createLayer(tf: typeof tfjs, options: PluginLayerOptions): tfjs.layers.Layer;
  /**
   * Optional: the width for a parameter budget (whole model, head included) when the plugin knows a closed form.
   * Without it cellsweep searches widths 1..65,536 on the count, as it does for rnn/lstm/gru.
   */
  solveHidden?(shape: PluginBudgetShape, paramBudget: number): number;
}

/** True for `plugin:<anything>`; the spec's schema has checked the name's form. */
export function isPluginCell(cell: string): cell is PluginCellName {
  return cell.startsWith(PLUGIN_CELL_PREFIX);
}

/** `plugin:mgu` → `mgu`. */
export function pluginNameOf(cell: PluginCellName): string {
  return cell.slice(PLUGIN_CELL_PREFIX.length);
}
