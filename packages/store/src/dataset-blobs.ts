/**
 * Data files carried by the store, by the SHA-256 of their bytes (the dataset identity of a file task). `submit`
 * puts a file once; every worker reads it by hash. Terms: a **blob** is one file's bytes; a **chunk** is one row of
 * at most `chunkBytes` of them (4 MiB by default: no row is huge, PGlite copes, a reader holds one chunk at a time).
 *
 * Atomic by construction: the header row is written first with `completed_at` NULL, then the chunks, each
 * `ON CONFLICT DO NOTHING`; one last UPDATE sets `completed_at` only if every chunk is there with the promised
 * length. Readers look at completed blobs only, so an interrupted upload is invisible, and a retry (or a second
 * uploader at the same time) writes just the chunks still missing.
 */
import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import { DatasetBlobMismatchError, DatasetBlobNotFoundError, DatasetTooLargeError } from './errors.js';

/** 4 MiB: 25 round trips for a 100 MB file, and a row PGlite's single connection handles without strain. */
export const DEFAULT_DATASET_CHUNK_BYTES = 4 * 1024 * 1024;
/** The default largest blob: 1 GB, the spec's default `limits.maxDataFileBytes` too. */
export const DEFAULT_MAX_DATASET_BYTES = 1_000_000_000;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface PutDatasetBlobInput {
  /** Hex SHA-256 the bytes must have; the upload is refused (and forgotten) if they do not. */
  sha256: string;
  sizeBytes: number;
  /** The bytes from the start, e.g. `() => createReadStream(path)`; read once per put. */
  read: () => AsyncIterable<Uint8Array>;
  /** Refused before any row is written when `sizeBytes` is larger (default DEFAULT_MAX_DATASET_BYTES). */
  maxBytes?: number;
  /** The setting that raises `maxBytes`, named in the error (e.g. `CELLSWEEP_MAX_DATASET_BYTES`). */
  limitSetting?: string;
  /** Chunk size of a new blob (a blob started earlier keeps its own); default DEFAULT_DATASET_CHUNK_BYTES. */
  chunkBytes?: number;
  /** Called after every chunk, written or already there. */
  onProgress?: (doneBytes: number, sizeBytes: number) => void;
}

export interface PutDatasetBlobResult {
  /** False when the blob was complete already (nothing read, nothing written). */
  uploaded: boolean;
  /** Chunk rows this call inserted (fewer than the blob's when it resumed an interrupted upload). */
  chunksWritten: number;
  chunkCount: number;
}

/** A complete blob's header. */
export interface DatasetBlobInfo {
  sha256: string;
  sizeBytes: number;
  chunkBytes: number;
  chunkCount: number;
  completedAt: Date;
}

interface HeaderRow {
  size_bytes: bigint | number;
  chunk_bytes: number;
  chunk_count: number;
  completed_at: Date | null;
}

async function findHeader(db: Db, sha256: string): Promise<HeaderRow | null> {
  const rows = await db.$queryRaw<HeaderRow[]>`
    SELECT "size_bytes", "chunk_bytes", "chunk_count", "completed_at" FROM "dataset_blobs" WHERE "sha256" = ${sha256}`;
  return rows[0] ?? null;
}

/** Stores a file's bytes under their SHA-256, once; see the module comment for why it is atomic and resumable. */
export async function putDatasetBlob(db: Db, input: PutDatasetBlobInput): Promise<PutDatasetBlobResult> {
  const { sha256, sizeBytes } = input;
  if (!SHA256_HEX.test(sha256)) throw new TypeError(`sha256 must be 64 lowercase hex digits, got "${sha256}"`);
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < 0) throw new TypeError(`sizeBytes must be a whole number ≥ 0`);
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_DATASET_BYTES;
  if (sizeBytes > maxBytes) throw new DatasetTooLargeError(sha256, sizeBytes, maxBytes, input.limitSetting);

  let header = await findHeader(db, sha256);
  if (header?.completed_at) return { uploaded: false, chunksWritten: 0, chunkCount: header.chunk_count };
  if (header === null) {
    const chunkBytes = input.chunkBytes ?? DEFAULT_DATASET_CHUNK_BYTES;
    const chunkCount = Math.ceil(sizeBytes / chunkBytes);
    // Two uploaders at once: the first header wins, and both then write (the missing) chunks of its size.
    await db.$executeRaw`
      INSERT INTO "dataset_blobs" ("sha256", "size_bytes", "chunk_bytes", "chunk_count")
      VALUES (${sha256}, ${sizeBytes}::int8, ${chunkBytes}::int, ${chunkCount}::int)
      ON CONFLICT ("sha256") DO NOTHING`;
    header = (await findHeader(db, sha256)) as HeaderRow;
  }
  if (Number(header.size_bytes) !== sizeBytes) throw mismatch(sha256, `${sizeBytes} bytes`, `${header.size_bytes}`);

  const present = new Set(
    (
      await db.$queryRaw<{ chunk_index: number }[]>`
        SELECT "chunk_index" FROM "dataset_blob_chunks" WHERE "blob_sha256" = ${sha256}`
    ).map((row) => row.chunk_index),
  );
  const hash = createHash('sha256');
  let index = 0;
  let doneBytes = 0;
  let chunksWritten = 0;
  for await (const chunk of rechunk(input.read(), header.chunk_bytes)) {
    hash.update(chunk);
    doneBytes += chunk.length;
    if (doneBytes > sizeBytes) break; // the file grew since it was measured: refused below
    if (!present.has(index)) {
      // Prisma's Bytes type wants a Uint8Array backed by a plain ArrayBuffer (a copy of the pooled one).
      chunksWritten += await db.$executeRaw`
        INSERT INTO "dataset_blob_chunks" ("blob_sha256", "chunk_index", "data")
        VALUES (${sha256}, ${index}::int, ${new Uint8Array(chunk)}::bytea)
        ON CONFLICT DO NOTHING`;
    }
    index += 1;
    input.onProgress?.(doneBytes, sizeBytes);
  }
  const digest = hash.digest('hex');
  if (doneBytes !== sizeBytes || digest !== sha256) {
    // Chunks of other bytes must not wait under this hash for a retry to complete them.
    await db.$executeRaw`DELETE FROM "dataset_blobs" WHERE "sha256" = ${sha256} AND "completed_at" IS NULL`;
    throw mismatch(sha256, `${sizeBytes} bytes with that hash`, `${doneBytes} bytes hashing to ${digest}`);
  }
  const completed = await db.$executeRaw`
    UPDATE "dataset_blobs" SET "completed_at" = ${new Date().toISOString()}::timestamp
    WHERE "sha256" = ${sha256} AND "completed_at" IS NULL
      AND (SELECT count(*) FROM "dataset_blob_chunks" WHERE "blob_sha256" = ${sha256}) = "chunk_count"
      AND (SELECT coalesce(sum(octet_length("data")), 0) FROM "dataset_blob_chunks"
           WHERE "blob_sha256" = ${sha256}) = "size_bytes"`;
  if (completed === 0 && !(await findHeader(db, sha256))?.completed_at) {
    throw new DatasetBlobMismatchError(sha256, 'its chunks were not all stored (a concurrent delete?); submit again');
  }
  return { uploaded: true, chunksWritten, chunkCount: header.chunk_count };
}

function mismatch(sha256: string, expected: string, found: string): DatasetBlobMismatchError {
  return new DatasetBlobMismatchError(
    sha256,
    `expected ${expected}, read ${found}; the file changed while it was stored: submit again`,
  );
}

/** Cuts a byte stream into pieces of exactly `size` bytes (the last one shorter). */
async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const piece of source) {
    let offset = 0;
    while (offset < piece.length) {
      const take = Math.min(size - filled, piece.length - offset);
      buffer.set(piece.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}

/** The header of a complete blob, or null (absent, or an upload not finished). */
export async function findDatasetBlob(db: Db, sha256: string): Promise<DatasetBlobInfo | null> {
  const header = await findHeader(db, sha256);
  if (!header?.completed_at) return null;
  return {
    sha256,
    sizeBytes: Number(header.size_bytes),
    chunkBytes: header.chunk_bytes,
    chunkCount: header.chunk_count,
    completedAt: header.completed_at,
  };
}

/**
 * A complete blob's bytes, chunk by chunk in order (one query per chunk, so memory holds one chunk). Throws
 * DatasetBlobNotFoundError when the blob is absent or unfinished. The caller verifies the SHA-256.
 */
export async function* readDatasetBlob(db: Db, sha256: string): AsyncGenerator<Uint8Array> {
  const header = await findDatasetBlob(db, sha256);
  if (header === null) throw new DatasetBlobNotFoundError(sha256);
  for (let index = 0; index < header.chunkCount; index += 1) {
    const rows = await db.$queryRaw<{ data: Uint8Array }[]>`
      SELECT "data" FROM "dataset_blob_chunks" WHERE "blob_sha256" = ${sha256} AND "chunk_index" = ${index}::int`;
    const row = rows[0];
    if (row === undefined) {
      throw new DatasetBlobNotFoundError(sha256, `chunk ${index} of ${header.chunkCount} is missing`);
    }
    yield row.data;
  }
}
