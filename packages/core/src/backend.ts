/**
 * The tfjs backend names, defined once. They live in core, not in the trainer, so the CLI's option parser and every
 * app's env schema can name them without loading TensorFlow (the trainer's `selectBackend` activates them).
 */
import { z } from 'zod';

/** The backends a trial can run on, in the order `auto` tries them: native TensorFlow, wasm (SIMD), pure-JS cpu. */
export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];

/** What a user may ask for: one backend, or `auto` (the first of BACKENDS that loads). */
export const BACKEND_PREFERENCES = ['auto', ...BACKENDS] as const;
export const BackendPreference = z.enum(BACKEND_PREFERENCES);
export type BackendPreference = z.infer<typeof BackendPreference>;
