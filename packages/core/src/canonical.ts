/** Content hashing: the same content always gets the same id, whatever the key order it was written in. */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted recursively, so equal values serialise identically. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, entry]) => entry !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, entry]) => [key, sortKeys(entry)]),
    );
  }
  return value;
}

/** Hex sha256 of the canonical JSON, shortened; 24 hex digits = 96 bits, collision-free at any sweep size. */
export function contentHash(value: unknown, length = 24): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}
