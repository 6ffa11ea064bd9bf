/**
 * Loads the operator's plugin modules (the allow-list an app reads from its env) and registers their cells. Only
 * the operator's list is ever imported: a spec names plugins, and a name resolves only against what was loaded here.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CellPlugin } from './cell-plugin.js';
import { InvalidCellPluginError } from './errors.js';
import { registerCellPlugin } from './plugin-registry.js';

/**
 * Imports each module and registers its default export (one CellPlugin or a list). A package name resolves the
 * way Node resolves it from cellsweep's own folder (so `npm install <package>` next to cellsweep); a path
 * (absolute, or starting with `./` or `../`, read from `cwd`) loads that file.
 * @returns the plugins registered, in list order
 */
export async function loadCellPlugins(
  specifiers: readonly string[],
  cwd: string = process.cwd(),
): Promise<CellPlugin[]> {
  const loaded: CellPlugin[] = [];
  for (const specifier of specifiers) {
    let module: { default?: unknown };
    try {
      module = (await import(importTarget(specifier, cwd))) as { default?: unknown };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new InvalidCellPluginError(specifier, `cannot be imported (${reason}); install it next to cellsweep`);
    }
    const exported = module.default;
    if (exported === undefined) {
      throw new InvalidCellPluginError(specifier, 'has no default export (a cell plugin or a list)');
    }
    for (const plugin of Array.isArray(exported) ? exported : [exported]) {
      loaded.push(registerCellPlugin(plugin, specifier));
    }
  }
  return loaded;
}

function importTarget(specifier: string, cwd: string): string {
  const isPath = isAbsolute(specifier) || specifier.startsWith('./') || specifier.startsWith('../');
  return isPath ? pathToFileURL(resolve(cwd, specifier)).href : specifier;
}
