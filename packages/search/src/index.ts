/**
 * @cellsweep/search: pure search algorithms (random, TPE, ASHA) with no I/O, no clock and no hidden state.
 *
 * Every decision is a pure function of its arguments so a distributed sweep reproduces exactly: suggestion k
 * depends on (space, sweep seed, k, observations the caller picks deterministically), and an ASHA decision on a
 * peer set fixed by suggestion order, not by which worker reported first. See README.md for the contract.
 */
export { AshaLadder, ashaDecisions, type AshaDecisions, type AshaStanding, type AshaTrial } from './asha-decisions.js';
export { ashaPromotes, ashaRungs } from './asha.js';
export { SearchArgumentError, SearchSpaceError } from './errors.js';
export { sampleRandom } from './random.js';
export { validateSpace } from './space.js';
export { suggestTpe, type TpeOptions } from './tpe.js';
export type { Domain, Observation, ParamSpec, ParamValue, Params, SearchSpace } from './types.js';
