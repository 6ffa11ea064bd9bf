/** @cellsweep/scheduler — expands submitted sweeps, keeps one queue job per open trial, finishes sweeps. */
export { readSchedulerEnv, type SchedulerEnv } from './env.js';
export { runScheduler } from './main.js';
export { startScheduler, type SchedulerService } from './scheduler-service.js';
export { gridPolicy, policyFor, type SearchPolicy } from './search-policy.js';
