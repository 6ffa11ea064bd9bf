/** Reads a file as a stream while hashing its bytes, so a data file is read once for both identity and parsing. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { DataFileError } from '../errors.js';

export interface HashedStream {
  stream: Readable;
  /** The hex SHA-256 of every byte the stream has passed on; call after it ended. */
  sha256(): string;
}

/** Opens `path` (throwing a DataFileError that says why it cannot be read) and hashes what flows through. */
export async function openHashed(path: string): Promise<HashedStream> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new DataFileError(
      path,
      '',
      `cannot read the file (${code})`,
      "check task.path (a relative path is read from the spec file's folder)",
    );
  }
  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const source = createReadStream(path);
  source.on('error', (error) => hashing.destroy(error));
  let digest: string | null = null;
  return {
    stream: source.pipe(hashing),
    sha256: () => (digest ??= hash.digest('hex')),
  };
}

/** The hex SHA-256 of a file's bytes, streamed. */
export async function sha256File(path: string): Promise<string> {
  const file = await openHashed(path);
  for await (const _chunk of file.stream);
  return file.sha256();
}
