/**
 * @cellsweep/search-driver — adaptive search (random, TPE, ASHA, fair comparison) over a sweep's stored trials. Pure:
 * no store, no queue; the embedded runner and the scheduler hand it the stored trials and insert what it returns.
 */
export {
  freshSeeds,
  nextPlans,
  nextSearchStep,
  nextTrialPlans,
  searchView,
  type SearchStepOptions,
  type SearchTrialView,
} from './driver.js';
export { describeSearchBudget, type SearchBudget } from './budget.js';
