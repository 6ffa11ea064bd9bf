/** Content hashing: the same content always gets the same id, whatever the key order it was written in. */
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted recursively, so equal values serialise identically.
 *
 * Written out by hand rather than as `JSON.stringify(sortKeys(value))` (the first version, kept in
 * canonical.matches-reference.test.ts): expansion hashes every trial's config, and the copy-then-stringify cost
 * ~15 µs per config, ~1.5 s of a 100k-trial sweep plus the garbage it left. The output is byte-identical to that
 * version for every input, because trial ids and spec hashes already stored must not change: keys sorted by UTF-16
 * code units, except that array-index keys ("0", "17") come first in numeric order, as JSON.stringify enumerates
 * them; undefined, functions and symbols are dropped from objects and become null in arrays; non-array objects
 * (Dates included) are serialised by their own enumerable keys.
 */
export function canonicalJson(value: unknown): string {
  return write(value, false) ?? (undefined as unknown as string);
}

function write(value: unknown, inArray: boolean): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? 'null' : undefined;
    case 'bigint':
      return JSON.stringify(value); // throws, as JSON.stringify does
    default:
      break;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + write(value[i], true);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const key of orderedKeys(record)) {
    const entry = write(record[key], false);
    if (entry === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${entry}`;
    first = false;
  }
  return `${out}}`;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

function orderedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record).sort();
  const indices = keys.filter((key) => ARRAY_INDEX.test(key) && Number(key) < 4_294_967_295);
  if (indices.length === 0) return keys;
  const isIndex = new Set(indices);
  return [...indices.sort((a, b) => Number(a) - Number(b)), ...keys.filter((key) => !isIndex.has(key))];
}

/** Hex sha256 of the canonical JSON, shortened; 24 hex digits = 96 bits, collision-free at any sweep size. */
export function contentHash(value: unknown, length = 24): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, length);
}
