/**
 * The generated Prisma client, as the repositories see it. Only files inside this package import it; the public
 * API speaks the plain types of `types.ts`.
 */
import type { PrismaClient } from './generated/prisma/client.js';
import type { Prisma } from './generated/prisma/client.js';
import type { JsonObject, TestMetrics } from './types.js';

export type Db = PrismaClient;

/**
 * Normalises a caller's object to stored JSON the way JSON.stringify does (drops `undefined`, turns Dates into
 * strings), so what is read back equals what was meant. Throws a TypeError on BigInt or cycles.
 */
export function toJsonInput(value: object): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonObject;
}

/** Stored JSON columns of ours always hold objects (specs and trial configs). */
export function fromJson(value: Prisma.JsonValue): JsonObject {
  return value as JsonObject;
}

/** Integer columns get whole milliseconds; timing code hands us fractional ones from performance.now(). */
export function wholeMs(ms: number): number {
  return Math.round(ms);
}

/**
 * Float columns: Prisma 7 cannot send ±Infinity (measured: the model API stores NaN, raw queries send NULL), so we
 * turn every non-finite value into NaN ourselves, on purpose and on both drivers. A loss of NaN means "diverged".
 */
export function storedFloat(value: number): number;
export function storedFloat(value: number | null | undefined): number | null;
export function storedFloat(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  return Number.isFinite(value) ? value : Number.NaN;
}

/** Named metrics as stored JSON: non-finite values become null (JSON has no NaN); absent stays absent (SQL NULL). */
export function storedMetrics(metrics: TestMetrics | null | undefined): Prisma.InputJsonObject | null {
  if (metrics === null || metrics === undefined) return null;
  return Object.fromEntries(
    Object.entries(metrics).map(([name, value]) => [name, value !== null && Number.isFinite(value) ? value : null]),
  );
}

/** A stored metrics column back as plain numbers-or-null (anything else in it reads as null). */
export function fromMetricsJson(value: Prisma.JsonValue | null): TestMetrics | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  return Object.fromEntries(
    Object.entries(value).map(([name, metric]) => [name, typeof metric === 'number' ? metric : null]),
  );
}
