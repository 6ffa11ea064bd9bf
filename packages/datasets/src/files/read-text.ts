/**
 * Plain text for character-level language modelling, streamed as UTF-8 (characters, not bytes or UTF-16 units):
 * every character becomes an id into the file's vocabulary (its distinct characters, sorted by code point).
 */
import type { FileTask } from '@cellsweep/core';
import { DataFileError } from '../errors.js';
import { openHashed } from './hashed-stream.js';

/** More distinct characters than this is not text a character model should one-hot (a binary or a CJK corpus). */
export const MAX_VOCABULARY = 1_024;

export interface RawText {
  /** One id per character, into `vocabulary`. */
  ids: Int32Array;
  vocabulary: string[];
  sha256: string;
}

export async function readText(path: string, _task: FileTask): Promise<RawText> {
  const file = await openHashed(path);
  file.stream.setEncoding('utf8');
  const firstSeen = new Map<string, number>();
  let ids = new Int32Array(1 << 16);
  let length = 0;
  for await (const chunk of file.stream as AsyncIterable<string>) {
    for (const character of chunk) {
      let id = firstSeen.get(character);
      if (id === undefined) {
        id = firstSeen.size;
        if (id >= MAX_VOCABULARY) {
          throw new DataFileError(
            path,
            `character ${length + 1}`,
            `has more than ${MAX_VOCABULARY} distinct characters`,
            'give a text file (a one-hot character model needs a small alphabet)',
          );
        }
        firstSeen.set(character, id);
      }
      if (length === ids.length) {
        const grown = new Int32Array(ids.length * 2);
        grown.set(ids);
        ids = grown;
      }
      ids[length++] = id;
    }
  }
  // Ids by code point, so the vocabulary does not depend on which character came first.
  const vocabulary = [...firstSeen.keys()].sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number));
  const remap = new Int32Array(firstSeen.size);
  vocabulary.forEach((character, id) => (remap[firstSeen.get(character) as number] = id));
  const out = ids.subarray(0, length);
  for (let i = 0; i < length; i++) out[i] = remap[out[i] as number] as number;
  return { ids: out, vocabulary, sha256: file.sha256() };
}
