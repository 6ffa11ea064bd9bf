/**
 * Search-space validation and the helpers every sampler shares: dependency order of conditional parameters and
 * whether a parameter is active in a partial configuration.
 */
import { SearchArgumentError, SearchSpaceError } from './errors.js';
import type { Domain, ParamSpec, ParamValue, Params, SearchSpace } from './types.js';

/**
 * Checks a search space and throws a {@link SearchSpaceError} naming the parameter and the fix: empty or duplicate
 * names, non-finite bounds, `low >= high`, `log` with `low <= 0`, non-integer int bounds, empty or repeated choices,
 * a `when` on an unknown parameter, on itself, on a float or in a cycle, and `when.equals` values the parent can
 * never take.
 */
export function validateSpace(space: SearchSpace): void {
  orderSpace(space);
}

/**
 * Validates and returns the parameters in dependency order: declaration order, except that a conditional parameter
 * comes after the parameter it depends on. Samplers walk this order so a parent's value is known before its child's
 * `when` is tested.
 */
export function orderSpace(space: SearchSpace): ParamSpec[] {
  if (!Array.isArray(space)) throw new SearchSpaceError('space', 'space', 'must be an array of parameters');
  const byName = new Map<string, ParamSpec>();
  space.forEach((spec, i) => {
    if (typeof spec?.name !== 'string' || spec.name === '') {
      throw new SearchSpaceError(`space[${i}].name`, `space[${i}]`, 'every parameter needs a non-empty name');
    }
    const first = space.findIndex((other) => other.name === spec.name);
    if (first !== i) {
      const reason = `is declared twice (entries ${first} and ${i}); rename or remove one`;
      throw new SearchSpaceError(spec.name, spec.name, reason);
    }
    byName.set(spec.name, spec);
    checkDomain(spec.name, spec.domain);
  });
  for (const spec of space) checkCondition(spec, byName);

  const ordered: ParamSpec[] = [];
  const placed = new Set<string>();
  let remaining = [...space];
  while (remaining.length > 0) {
    const ready = remaining.filter((spec) => spec.when === undefined || placed.has(spec.when.param));
    if (ready.length === 0) {
      const first = remaining[0] as ParamSpec;
      const reason =
        `is part of a cycle of conditions (${cyclePath(first, byName)}); ` +
        'a condition must depend on a parameter that does not depend back on it';
      throw new SearchSpaceError(`${first.name}.when.param`, first.name, reason);
    }
    for (const spec of ready) {
      ordered.push(spec);
      placed.add(spec.name);
    }
    remaining = remaining.filter((spec) => !placed.has(spec.name));
  }
  return ordered;
}

function checkDomain(name: string, domain: Domain | undefined): void {
  const fail = (field: string, reason: string): never => {
    throw new SearchSpaceError(`${name}.domain${field}`, name, reason);
  };
  if (domain === undefined || domain === null || typeof domain !== 'object') {
    fail('', "needs a domain: { kind: 'int' | 'float', low, high } or { kind: 'categorical', choices }");
    return;
  }
  switch (domain.kind) {
    case 'int':
    case 'float': {
      const { low, high, log, kind } = domain;
      if (!Number.isFinite(low)) fail('.low', `must be a finite number (got ${String(low)})`);
      if (!Number.isFinite(high)) fail('.high', `must be a finite number (got ${String(high)})`);
      if (kind === 'int' && !Number.isInteger(low)) fail('.low', `must be an integer for an int (got ${low})`);
      if (kind === 'int' && !Number.isInteger(high)) fail('.high', `must be an integer for an int (got ${high})`);
      if (low >= high) {
        const fix = 'swap them, or use a categorical with one choice for a constant';
        fail('.low', `low (${low}) must be below high (${high}); ${fix}`);
      }
      if (log === true && low <= 0) {
        const fix = `raise low (e.g. ${kind === 'int' ? 1 : 1e-6}) or drop log`;
        fail('.low', `a log-scaled domain needs low > 0 (got ${low}); ${fix}`);
      }
      return;
    }
    case 'categorical': {
      const { choices } = domain;
      if (!Array.isArray(choices) || choices.length === 0) fail('.choices', 'needs at least one choice');
      choices.forEach((choice, i) => {
        if (!isParamValue(choice)) fail(`.choices[${i}]`, 'must be a string, a finite number, a boolean or null');
        const first = choices.findIndex((other) => sameValue(other, choice));
        if (first === i) return;
        fail(`.choices[${i}]`, `repeats choice ${JSON.stringify(choice)} (also at [${first}]); list each choice once`);
      });
      return;
    }
    default: {
      const kind = JSON.stringify((domain as { kind?: unknown }).kind);
      fail('.kind', `unknown kind ${kind}; use 'int', 'float' or 'categorical'`);
    }
  }
}

function checkCondition(spec: ParamSpec, byName: ReadonlyMap<string, ParamSpec>): void {
  const { when, name } = spec;
  if (when === undefined) return;
  const fail = (field: string, reason: string): never => {
    throw new SearchSpaceError(`${name}.when${field}`, name, reason);
  };
  const parent = byName.get(when.param);
  if (when.param === name) fail('.param', 'a parameter cannot be conditional on itself');
  if (parent === undefined) {
    fail('.param', `names unknown parameter ${JSON.stringify(when.param)}; declare it in the space or fix the name`);
    return;
  }
  if (!Array.isArray(when.equals) || when.equals.length === 0) {
    fail('.equals', `needs at least one value of ${when.param} for which ${name} is active`);
  }
  when.equals.forEach((value, i) => {
    if (canTake(parent.domain, value)) return;
    const reason = `${JSON.stringify(value)} is not a value ${when.param} can take, so the condition would never hold`;
    fail(`.equals[${i}]`, reason);
  });
  if (parent.domain.kind === 'float') {
    const reason = `depends on float parameter ${when.param}, which almost never equals a given value`;
    fail('.param', `${reason}; make it categorical or int`);
  }
}

function cyclePath(start: ParamSpec, byName: ReadonlyMap<string, ParamSpec>): string {
  const path = [start.name];
  let current = start.when?.param;
  while (current !== undefined && !path.includes(current)) {
    path.push(current);
    current = byName.get(current)?.when?.param;
  }
  return [...path, current ?? ''].join(' -> ');
}

/** Whether `value` is a legal value of `domain` (integers within bounds for int; a listed choice for categorical). */
export function canTake(domain: Domain, value: unknown): boolean {
  switch (domain.kind) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= domain.low && value <= domain.high;
    case 'float':
      return typeof value === 'number' && value >= domain.low && value <= domain.high;
    case 'categorical':
      return domain.choices.some((choice) => sameValue(choice, value));
  }
}

/** True when `spec` is active given the values already chosen (its parent present with one of `when.equals`). */
export function isActive(spec: ParamSpec, params: Params): boolean {
  if (spec.when === undefined) return true;
  const { param, equals } = spec.when;
  return Object.hasOwn(params, param) && equals.some((value) => sameValue(value, params[param]));
}

/** SameValueZero, the equality categorical choices and conditions use. */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function isParamValue(value: unknown): value is ParamValue {
  if (typeof value === 'number') return Number.isFinite(value);
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

/** Seeds and indices must be integers. Only a seed's low 32 bits reach core's deriveSeed (spec seeds are < 2^31). */
export function checkSeedAndIndex(seed: number, index: number): void {
  if (!Number.isSafeInteger(seed)) throw new SearchArgumentError('seed', `must be an integer (got ${seed})`);
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new SearchArgumentError('index', `must be a non-negative integer (got ${index})`);
  }
}
