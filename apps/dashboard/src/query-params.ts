/**
 * Query-string parsing for the API, with zod. Lists accept `a,b` or repeated keys; hyperparameter filters are
 * `hp.<dotted.path>=<value>` and become parameterised JSON-path filters in the store (never SQL text).
 */
import {
  TRIAL_SORT_KEYS,
  TRIAL_STATUSES,
  type ConfigEquals,
  type TrialListQuery,
  type TrialStatus,
} from '@cellsweep/store';
import { z } from 'zod';
import { BadRequestError } from './errors.js';
import { EXPORT_MAX_ROWS, MAX_CONFIG_FILTERS, MAX_CONFIG_PATH_DEPTH } from './limits.js';

type Query = Record<string, unknown>;

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new BadRequestError(
      result.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`),
    );
  return result.data;
}

/** `a,b` and `?x=a&x=b` both become ['a', 'b']; absent or empty becomes undefined. */
function listOf(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((part) => String(part).split(','));
  const items = parts.map((part) => part.trim()).filter((part) => part !== '');
  return items.length === 0 ? undefined : items;
}

const Name = z.string().max(200);
const Int = z.coerce.number().int().min(0).max(2_147_483_647);

/** Which rows of a list a request asks for. */
export interface PageQuery {
  offset: number;
  limit: number;
}

export function pageQuery(query: Query, limits: { default: number; max: number }): PageQuery {
  return parse(
    z.object({
      offset: Int.max(10_000_000).default(0),
      limit: z.coerce.number().int().min(1).max(limits.max).default(limits.default),
    }),
    { offset: query.offset, limit: query.limit },
  );
}

export type ExportFormat = 'json' | 'csv';

export function formatQuery(query: Query): ExportFormat {
  return parse(z.enum(['json', 'csv']).default('json'), query.format);
}

/** `hp.training.learningRate=0.01`: numbers, true/false/null are typed; anything else is a string. */
function configFilters(query: Query): ConfigEquals[] {
  const filters: ConfigEquals[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (!key.startsWith('hp.')) continue;
    const path = key.slice(3).split('.');
    if (path.length > MAX_CONFIG_PATH_DEPTH || !path.every((part) => /^[A-Za-z0-9_]{1,64}$/.test(part))) {
      throw new BadRequestError([`${key}: hyperparameter paths are dotted names of letters, digits and _`]);
    }
    const text = String(Array.isArray(raw) ? raw[0] : raw);
    filters.push({ path, equals: typedValue(text) });
  }
  if (filters.length > MAX_CONFIG_FILTERS) throw new BadRequestError([`at most ${MAX_CONFIG_FILTERS} hp.* filters`]);
  return filters;
}

function typedValue(text: string): string | number | boolean | null {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

/** Filters and sort of the leaderboard; `limit` comes from `pageQuery` (or the export cap). */
export function trialListQuery(query: Query, page: { offset: number; limit: number }): TrialListQuery {
  const parsed = parse(
    z.object({
      cell: z.array(Name).max(50).optional(),
      status: z.array(z.enum(TRIAL_STATUSES as [TrialStatus, ...TrialStatus[]])).optional(),
      budget: z.array(Int).max(200).optional(),
      hidden: z.array(Int).max(200).optional(),
      layers: z.array(Int).max(50).optional(),
      seed: z.array(Int).max(1_000).optional(),
      sort: z.enum(TRIAL_SORT_KEYS).default('ordinal'),
      order: z.enum(['asc', 'desc']).default('asc'),
    }),
    {
      cell: listOf(query.cell),
      status: listOf(query.status)?.map((status) => status.toUpperCase()),
      budget: listOf(query.budget),
      hidden: listOf(query.hidden),
      layers: listOf(query.layers),
      seed: listOf(query.seed),
      sort: query.sort,
      order: query.order,
    },
  );
  return {
    ...(parsed.cell ? { cells: parsed.cell } : {}),
    ...(parsed.status ? { statuses: parsed.status } : {}),
    ...(parsed.budget ? { paramBudgets: parsed.budget } : {}),
    ...(parsed.hidden ? { hidden: parsed.hidden } : {}),
    ...(parsed.layers ? { layers: parsed.layers } : {}),
    ...(parsed.seed ? { seeds: parsed.seed } : {}),
    config: configFilters(query),
    sortBy: parsed.sort,
    order: parsed.order,
    offset: page.offset,
    limit: page.limit,
  };
}

/** An export reads the whole filtered table (up to the cap) unless a page is asked for explicitly. */
export function exportPage(query: Query): PageQuery {
  return pageQuery(query, { default: EXPORT_MAX_ROWS, max: EXPORT_MAX_ROWS });
}

export function idList(value: unknown, max: number): string[] {
  return parse(z.array(Name).max(max).default([]), listOf(value));
}

export function intParam(value: unknown, limits: { default: number; max: number }): number {
  return parse(
    z.coerce.number().int().min(1).max(limits.max).default(limits.default),
    value === '' ? undefined : value,
  );
}

export function sinceParam(value: unknown): Date | null {
  if (value === undefined || value === '') return null;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new BadRequestError(['since: expected an ISO 8601 timestamp']);
  return date;
}

export function nameFilter(value: unknown): string | undefined {
  return parse(z.object({ q: Name.optional() }), { q: value === '' ? undefined : value }).q;
}
