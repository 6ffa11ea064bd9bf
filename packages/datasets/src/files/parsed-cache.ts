/**
 * Parsed data files on disk, so a file is parsed once per machine rather than once per training thread: parsing a
 * 100 MB long-format CSV costs ~8 s of CPU, reading back its ~51 MB of typed arrays a tenth of a second.
 *
 * One file per (bytes' SHA-256, parse options, format version), named by the hash of the three. Layout:
 *
 *   MAGIC (8 bytes) | header length H (u32 LE) | SHA-256 of the header (32 bytes) | header JSON (H bytes)
 *   | zero padding to a multiple of 8 | the typed arrays' raw bytes, each starting at a multiple of 8
 *
 * The header holds everything but the arrays (the summary, the report, each split's count and length) with each
 * array replaced by `{"$array": i}`, the arrays' types, offsets and lengths, the file's total size and the CRC-32 of
 * everything after the header. A read takes one allocation and one read, and hands out views into that buffer (no
 * copy); a file whose size, header hash, key or CRC does not match is deleted and rebuilt. Files appear by renaming
 * a temp file of their own, so processes sharing the folder never read a half-written one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { canonicalJson, type FileSummary, type FileTask } from '@cellsweep/core';
import type { DatasetSplit, SplitName } from '../types.js';
import { holderTag } from './cache-holder.js';
import { leaseCacheFile } from './cache-prune.js';
import type { DataFileReport } from './file-dataset.js';

/**
 * Bump when a reader, the splitting, the standardisation or the layout changes what a file parses to: old entries
 * then stop matching (their key has the old version) and are rebuilt.
 */
export const PARSED_FORMAT_VERSION = 1;
const MAGIC = Buffer.from('CSWPRSD1', 'latin1');
const PREFIX_BYTES = MAGIC.length + 4 + 32;
/** The widest CRC-32 in JSON: the header's room is sized with it, so the real one always fits. */
const MAX_CRC32 = 0xffff_ffff;
/** The file name's ending: the cache folder also holds the raw copies (named by their bare SHA-256). */
export const PARSED_SUFFIX = '.parsed';

/** What a data file parses to, apart from its path. */
export interface ParsedEntry {
  summary: FileSummary;
  report: Omit<DataFileReport, 'path'>;
  splits: Record<SplitName, DatasetSplit>;
}

interface ArrayInfo {
  type: 'f32' | 'i32';
  /** Bytes from the start of the arrays' region. */
  offset: number;
  length: number;
}

interface Header {
  version: number;
  key: string;
  fileBytes: number;
  payloadCrc32: number;
  arrays: ArrayInfo[];
  entry: unknown;
}

/**
 * The entry's name: its bytes' SHA-256, the options that change what they parse to, and the format version. The
 * path, the summary (an output) and `labelNoise` (applied per trial, after loading) are left out.
 */
export function parsedCacheKey(task: FileTask, sha256: string): string {
  const { path: _path, sha256: _sha, summary: _summary, labelNoise: _noise, ...options } = task;
  const identity = canonicalJson({ version: PARSED_FORMAT_VERSION, sha256, options });
  return createHash('sha256').update(identity).digest('hex');
}

export function parsedCachePath(dir: string, key: string): string {
  return join(dir, `${key}${PARSED_SUFFIX}`);
}

/**
 * The entry stored under `key`, or null when there is none. A damaged one (short, a header that does not hash to
 * its recorded hash, another key or version, a CRC that does not match) is deleted and reads as null, so the caller
 * parses the file again and writes it anew. A hit marks the entry as just used (its access time, for eviction).
 */
export async function readParsed(dir: string, key: string): Promise<ParsedEntry | null> {
  const path = parsedCachePath(dir, key);
  // Leased before it is opened, so a prune elsewhere leaves it be while it is read (cache-prune.ts).
  const lease = await leaseCacheFile(dir, `${key}${PARSED_SUFFIX}`).catch(() => null);
  try {
    return await readLeased(path, key);
  } finally {
    await lease?.release();
  }
}

async function readLeased(path: string, key: string): Promise<ParsedEntry | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (handle === null) return null;
  let bytes: Uint8Array;
  let mtime: Date;
  try {
    const { size, mtime: modified } = await handle.stat();
    mtime = modified;
    bytes = new Uint8Array(new ArrayBuffer(size));
    for (let read = 0; read < size; ) {
      const { bytesRead } = await handle.read(bytes, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
  } finally {
    await handle.close();
  }
  const entry = decode(bytes, key);
  if (entry === null) {
    await unlink(path).catch(() => undefined);
    return null;
  }
  await markUsed(path, mtime);
  return entry;
}

function decode(bytes: Uint8Array, key: string): ParsedEntry | null {
  if (bytes.length < PREFIX_BYTES || !MAGIC.equals(bytes.subarray(0, MAGIC.length))) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getUint32(MAGIC.length, true);
  if (PREFIX_BYTES + headerBytes > bytes.length) return null;
  const headerText = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes);
  const recorded = Buffer.from(bytes.buffer, bytes.byteOffset + MAGIC.length + 4, 32);
  if (!recorded.equals(createHash('sha256').update(headerText).digest())) return null;
  let header: Header;
  try {
    header = JSON.parse(Buffer.from(headerText).toString('utf8')) as Header;
  } catch {
    return null;
  }
  const start = PREFIX_BYTES + headerBytes;
  if (start % 8 !== 0) return null;
  if (header.version !== PARSED_FORMAT_VERSION || header.key !== key || header.fileBytes !== bytes.length) return null;
  if (crc32(bytes.subarray(start)) !== header.payloadCrc32) return null;
  const arrays = header.arrays.map(({ type, offset, length }) =>
    type === 'f32'
      ? new Float32Array(bytes.buffer, bytes.byteOffset + start + offset, length)
      : new Int32Array(bytes.buffer, bytes.byteOffset + start + offset, length),
  );
  return revive(header.entry, arrays) as ParsedEntry;
}

/**
 * Stores the entry under `key`: written to a temp file of this process, then renamed into place (a reader sees the
 * old entry, none, or the whole new one). Not fsynced: a file cut short by a crash fails the size check and is
 * rebuilt.
 */
export async function writeParsed(dir: string, key: string, entry: ParsedEntry): Promise<void> {
  await mkdir(dir, { recursive: true });
  const arrays: (Float32Array | Int32Array)[] = [];
  const shell = replaceArrays(entry, arrays);
  const infos: ArrayInfo[] = [];
  let offset = 0;
  for (const array of arrays) {
    infos.push({ type: array instanceof Float32Array ? 'f32' : 'i32', offset, length: array.length });
    offset = alignUp(offset + array.byteLength);
  }
  const header: Header = {
    version: PARSED_FORMAT_VERSION,
    key,
    fileBytes: 0,
    payloadCrc32: MAX_CRC32,
    arrays: infos,
    entry: shell,
  };
  // The arrays are written first, after room for the header, and CRC'd as they go (one pass over their bytes); the
  // header, which holds that CRC, goes in front last. The room is sized with the widest CRC (10 digits), and the
  // header padded with spaces (JSON allows them) to fill it, so the arrays start at a multiple of 8.
  const headerLength = settleHeader(header, offset);
  const temp = join(dir, `${key}.${holderTag()}-${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    let position = PREFIX_BYTES + headerLength;
    let payloadCrc32 = 0;
    for (const [i, array] of arrays.entries()) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      const end = i + 1 < infos.length ? (infos[i + 1] as ArrayInfo).offset : offset;
      const padding = new Uint8Array(end - (infos[i] as ArrayInfo).offset - bytes.length);
      payloadCrc32 = crc32(padding, crc32(bytes, payloadCrc32));
      for (const chunk of [bytes, padding]) {
        for (let written = 0; written < chunk.length; ) {
          written += (await handle.write(chunk, written, chunk.length - written, position + written)).bytesWritten;
        }
        position += chunk.length;
      }
    }
    header.payloadCrc32 = payloadCrc32;
    const headerBytes = Buffer.alloc(headerLength, ' ');
    // Fewer CRC digits than the room was sized with leave spaces at the end; never more.
    headerBytes.write(JSON.stringify(header), 'utf8');
    const prefix = Buffer.alloc(PREFIX_BYTES);
    MAGIC.copy(prefix, 0);
    prefix.writeUInt32LE(headerLength, MAGIC.length);
    createHash('sha256')
      .update(headerBytes)
      .digest()
      .copy(prefix, MAGIC.length + 4);
    const front = Buffer.concat([prefix, headerBytes]);
    for (let written = 0; written < front.length; ) {
      written += (await handle.write(front, written, front.length - written, written)).bytesWritten;
    }
    await handle.close();
    await rename(temp, parsedCachePath(dir, key));
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Sets `header.fileBytes` and returns the header's length in bytes (padded so the arrays after it start at a
 * multiple of 8). The total size depends on the header's own length: the two settle within a few rounds (the
 * digits of the size change the length at most once).
 */
function settleHeader(header: Header, payloadBytes: number): number {
  let headerLength = 0;
  for (let settled = false; !settled; ) {
    headerLength = alignUp(PREFIX_BYTES + Buffer.byteLength(JSON.stringify(header))) - PREFIX_BYTES;
    const fileBytes = PREFIX_BYTES + headerLength + payloadBytes;
    settled = fileBytes === header.fileBytes;
    header.fileBytes = fileBytes;
  }
  return headerLength;
}

/**
 * Sets the access time to now, leaving the modification time alone (readers key their memory caches on it): the
 * cache's least-recently-used order, whether or not the file system records reads (noatime).
 */
export async function markUsed(path: string, mtime: Date): Promise<void> {
  await utimes(path, new Date(), mtime).catch(() => undefined);
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/** A JSON-ready copy of `value` with each typed array replaced by `{ $array: i }` (its index in `arrays`). */
function replaceArrays(value: unknown, arrays: (Float32Array | Int32Array)[]): unknown {
  if (value instanceof Float32Array || value instanceof Int32Array) {
    arrays.push(value);
    return { $array: arrays.length - 1 };
  }
  if (ArrayBuffer.isView(value)) throw new TypeError('only Float32Array and Int32Array are stored');
  if (Array.isArray(value)) return value.map((item) => replaceArrays(item, arrays));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, replaceArrays(item, arrays)]));
  }
  return value;
}

function revive(value: unknown, arrays: (Float32Array | Int32Array)[]): unknown {
  if (Array.isArray(value)) return value.map((item) => revive(item, arrays));
  if (value !== null && typeof value === 'object') {
    const index = (value as { $array?: unknown }).$array;
    if (typeof index === 'number') return arrays[index];
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, revive(item, arrays)]));
  }
  return value;
}
