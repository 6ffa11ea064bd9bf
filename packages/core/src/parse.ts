/** Reads a sweep spec from YAML or JSON text into a validated, defaults-applied SweepSpec. */
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { SpecSyntaxError, SpecValidationError, type SpecIssue } from './errors.js';
import { AdaptiveSearchSpec } from './search-spec.js';
import { CellOptionsSpec, LimitsSpec, SweepSpec, TrainingSpec, TransformerOptionsSpec } from './spec.js';
import { LABEL_NOISE_DATASETS, TaskSpec } from './task.js';

/**
 * Parses and validates spec text. YAML is a superset of JSON, so one parser reads both.
 * @param source a name for error messages (usually the file path)
 */
export function parseSweepSpec(text: string, source = 'spec'): SweepSpec {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    // The yaml library's first line ends in "at line L, column C:" before a code frame; keep the line, drop the colon.
    const firstLine = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new SpecSyntaxError(source, firstLine.replace(/:\s*$/, ''));
  }
  return validateSweepSpec(document, source);
}

/** Validates an already-parsed document (e.g. a JSON body). */
export function validateSweepSpec(document: unknown, source = 'spec'): SweepSpec {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new SpecValidationError(source, [{ path: '', message: 'expected a mapping with name, task, cells, ...' }]);
  }
  const result = SweepSpec.safeParse(document);
  if (result.success) return result.data;
  throw new SpecValidationError(
    source,
    result.error.issues.flatMap((issue) => describeIssue(issue, document)),
  );
}

function describeIssue(issue: z.core.$ZodIssue, document: object): SpecIssue | SpecIssue[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys' && path.startsWith('task') && issue.keys.includes('labelNoise')) {
    const dataset = (valueAt(document, issue.path) as { dataset?: unknown } | undefined)?.dataset;
    return {
      path: path === '' ? 'labelNoise' : `${path}.labelNoise`,
      message:
        `replaces class labels, so it needs one label per sequence (${LABEL_NOISE_DATASETS.join(', ')}, or a file ` +
        `with kind: classification); ${String(dataset)} has none`,
    };
  }
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(issue.path, document);
    const hint = allowed ? ` (allowed: ${allowed.join(', ')})` : '';
    return {
      path,
      message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${hint}`,
    };
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return { path, message: `is required (${issue.expected})` };
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // "A value or a list": report the branch that matches what was written, e.g. `cells[1]: Invalid option…`.
    const written = valueAt(document, issue.path);
    const branch = issue.errors[Array.isArray(written) ? issue.errors.length - 1 : 0] ?? [];
    // Every problem of that branch: `cells: [rnn, lstn, GRU]` names both bad cells, not only the first.
    if (branch.length > 0) {
      return branch.flatMap((inner) =>
        describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, document),
      );
    }
  }
  return { path, message: issue.message };
}

function valueAt(document: object, path: readonly PropertyKey[]): unknown {
  let value: unknown = document;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function allowedKeys(path: readonly PropertyKey[], document: object): string[] | null {
  const where = path.join('.');
  if (where === '') return Object.keys(SweepSpec.shape);
  if (where === 'training') return Object.keys(TrainingSpec.shape);
  if (where === 'cellOptions') return Object.keys(CellOptionsSpec.shape);
  if (where === 'limits') return Object.keys(LimitsSpec.shape);
  if (where === 'transformer') return Object.keys(TransformerOptionsSpec.shape);
  if (where === 'search') return Object.keys(AdaptiveSearchSpec.shape);
  if (path[0] === 'task' && (path.length === 1 || (path.length === 2 && typeof path[1] === 'number'))) {
    const task = valueAt(document, path) as { dataset?: unknown } | undefined;
    const dataset = task?.dataset;
    const option = TaskSpec.options.find((candidate) => candidate.shape.dataset.value === dataset);
    return option ? Object.keys(option.shape) : null;
  }
  return null;
}

/** `['training', 'learningRate', 1]` → `training.learningRate[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}
