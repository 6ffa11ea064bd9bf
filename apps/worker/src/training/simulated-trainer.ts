/**
 * The simulated trainer lives in @cellsweep/training-threads; the system tests (src/system) import the loss it
 * reports from here, so this path stays.
 */
export { simulatedValLoss } from '@cellsweep/training-threads';
