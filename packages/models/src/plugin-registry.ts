/**
 * The plugin cells this process (or training thread) has loaded, by name. A registry rather than an argument,
 * because a trial's cell is a name in its stored config: every place that counts, solves or builds a cell
 * (planner, trainer, training threads) resolves it here, and each process loads the operator's list once at start.
 */
import {
  isPluginCell,
  pluginNameOf,
  PLUGIN_NAME_PATTERN,
  type CellPlugin,
  type PluginCellName,
} from './cell-plugin.js';
import { InvalidCellPluginError, UnknownCellPluginError } from './errors.js';

const plugins = new Map<string, { plugin: CellPlugin; source: string }>();

/**
 * Adds a plugin after checking its shape and its count function (positive integers, strictly growing with width).
 * The same plugin object registered twice is a no-op; another plugin under a taken name is refused.
 * @param source where it came from (the module specifier), for messages
 */
export function registerCellPlugin(plugin: unknown, source: string): CellPlugin {
  const checked = checkPlugin(plugin, source);
  const existing = plugins.get(checked.name);
  if (existing && existing.plugin !== checked) {
    throw new InvalidCellPluginError(source, `name "${checked.name}" is already taken by ${existing.source}`);
  }
  plugins.set(checked.name, { plugin: checked, source });
  return checked;
}

/** The loaded plugin for `plugin:<name>`; throws UnknownCellPluginError naming what is loaded and the fix. */
export function cellPlugin(cell: PluginCellName): CellPlugin {
  const name = pluginNameOf(cell);
  const found = plugins.get(name);
  if (!found) throw new UnknownCellPluginError(name, [...plugins.keys()]);
  return found.plugin;
}

/** Throws UnknownCellPluginError unless every plugin cell in `cells` is loaded (built-in names pass). */
export function assertCellsAvailable(cells: readonly string[]): void {
  for (const cell of cells) if (isPluginCell(cell)) cellPlugin(cell);
}

/** Names of the loaded plugins, sorted. */
export function loadedCellPluginNames(): string[] {
  return [...plugins.keys()].sort();
}

function checkPlugin(value: unknown, source: string): CellPlugin {
  const fail = (reason: string): never => {
    throw new InvalidCellPluginError(source, reason);
  };
  if (value === null || typeof value !== 'object') return fail('its default export is not a cell plugin object');
  const plugin = value as Partial<CellPlugin>;
  if (typeof plugin.name !== 'string' || !PLUGIN_NAME_PATTERN.test(plugin.name)) {
    const name = JSON.stringify(plugin.name);
    return fail(`name ${name} must be 1-40 lowercase letters, digits or "-", starting with a letter`);
  }
  for (const field of ['layerParamCount', 'createLayer'] as const) {
    if (typeof plugin[field] !== 'function') fail(`"${plugin.name}" has no function ${field}`);
  }
  if (plugin.solveHidden !== undefined && typeof plugin.solveHidden !== 'function') {
    fail(`"${plugin.name}": solveHidden must be a function when given`);
  }
  const complete = plugin as CellPlugin;
  checkCountGrows(complete, fail);
  return complete;
}

/** A cheap look at the count's contract before anything relies on it: positive integers, strictly growing. */
function checkCountGrows(plugin: CellPlugin, fail: (reason: string) => never): void {
  for (const inputSize of [1, 7]) {
    let previous = 0;
    for (let hidden = 1; hidden <= 64; hidden += 1) {
      const count = plugin.layerParamCount(inputSize, hidden);
      if (!Number.isSafeInteger(count) || count < 1) {
        fail(`"${plugin.name}": layerParamCount(${inputSize}, ${hidden}) = ${String(count)}, not a positive integer`);
      }
      if (count <= previous) {
        const at = `(${inputSize}, ${hidden}) = ${count} <= ${previous}`;
        fail(`"${plugin.name}": layerParamCount must grow with hidden, but ${at}`);
      }
      previous = count;
    }
  }
}
