import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '@cellsweep/core';
import { AshaLadder, ashaDecisions, type AshaTrial } from './asha-decisions.js';
import { ashaPromotes, ashaRungs } from './asha.js';
import { SearchArgumentError } from './errors.js';

const rungs = [1, 3, 9];
const options = { rungs, reductionFactor: 3 };

// Worked by hand (η = 3; slots = max(1, floor(n/3)) among lower indices at the same rung):
// rung 0 (epoch 1): t0 0.9 alone -> promote; t1 0.8 vs {0.9} -> promote; t2 1.0, 3rd of 3 -> stop;
//   t3 0.7 best of 4 -> promote; t4 0.85, 3rd of 5 -> stop; t5 0.75, 2nd of 6 (2 slots) -> promote;
//   t6 0.72, 2nd of 7 (2 slots) -> promote; t8 waits for t7, which has not reported epoch 1.
// rung 1 (epoch 3): peers are trials promoted from rung 0 only. t0 0.6 alone -> promote; t1 0.7 vs {0.6} -> stop;
//   t3 0.55 vs {0.6, 0.7} -> promote; t5 0.5 vs {0.6, 0.7, 0.55} -> promote; t6 0.58, 3rd of 5 -> stop.
// rung 2 (epoch 9, the last): t0 is complete.
const sweep: AshaTrial[] = [
  { index: 0, rungValues: [0.9, 0.6, 0.5], ended: true },
  { index: 1, rungValues: [0.8, 0.7] },
  { index: 2, rungValues: [1.0] },
  { index: 3, rungValues: [0.7, 0.55] },
  { index: 4, rungValues: [0.85] },
  { index: 5, rungValues: [0.75, 0.5] },
  { index: 6, rungValues: [0.72, 0.58] },
  { index: 7, rungValues: [] },
  { index: 8, rungValues: [0.65] },
];

test('synthetic curves: promote, stop, wait and complete exactly as worked by hand', () => {
  assert.deepEqual(ashaDecisions(sweep, options), {
    promote: [
      { index: 3, rung: 1, epochs: 9 },
      { index: 5, rung: 1, epochs: 9 },
    ],
    stop: [
      { index: 1, rung: 1 },
      { index: 2, rung: 0 },
      { index: 4, rung: 0 },
      { index: 6, rung: 1 },
    ],
    waiting: [{ index: 8, rung: 0, blockedBy: 7 }],
    complete: [0],
  });
});

test('input order does not matter, and results past a lost rung do not count', () => {
  const shuffled = createRng(4).shuffle([...sweep]);
  assert.deepEqual(ashaDecisions(shuffled, options), ashaDecisions(sweep, options));
  // t2 was stopped at rung 0 but kept training and reached a brilliant 0.1 at epoch 3. Were it counted as a
  // rung-1 peer, t3 (0.55) would lose; peers are fixed by earlier decisions, not by how far a trial happened to run.
  const late = sweep.map((t) => (t.index === 2 ? { ...t, rungValues: [1.0, 0.1] } : t));
  assert.deepEqual(ashaDecisions(late, options), ashaDecisions(sweep, options));
});

test('a trial waits for a lower-index trial still training toward the rung, unless that trial ended', () => {
  // t3 was promoted at rung 0 but has not reached epoch 3 yet: t5 and t6 must wait for it at rung 1.
  const slow = sweep.map((t) => (t.index === 3 ? { ...t, rungValues: [0.7] } : t));
  const waiting = ashaDecisions(slow, options).waiting;
  assert.deepEqual(waiting, [
    { index: 5, rung: 1, blockedBy: 3 },
    { index: 6, rung: 1, blockedBy: 3 },
    { index: 8, rung: 0, blockedBy: 7 },
  ]);
  // If t3 failed before epoch 3 it will never report: t5 (0.5 vs {0.6, 0.7}) promotes; t6 (0.58 vs {0.6, 0.7, 0.5})
  // ranks 2nd of 4 with 1 slot and stops.
  const failed = slow.map((t) => (t.index === 3 ? { ...t, ended: true } : t));
  const decided = ashaDecisions(failed, options);
  assert.deepEqual(decided.waiting, [{ index: 8, rung: 0, blockedBy: 7 }]);
  assert.deepEqual(decided.promote, [{ index: 5, rung: 1, epochs: 9 }]);
  assert.ok(decided.stop.some((s) => s.index === 6 && s.rung === 1));
});

/**
 * Runs a whole sweep of 27 suggestions with `workers` slots and a scheduler-seeded random pick of who trains next,
 * one rung at a time (counting a promoted suggestion as retrained from scratch; the search driver now continues it).
 */
function simulate(scheduleSeed: number, workers: number): { outcome: string[]; epochs: number } {
  const asha = { rungs: ashaRungs(1, 27, 3), reductionFactor: 3 };
  const loss = (index: number, epochs: number): number => {
    const rng = createRng(1_000 + index);
    const floor = rng.next();
    return floor + ((1 - floor) * (0.5 + rng.next())) / Math.sqrt(epochs);
  };
  const trials = Array.from({ length: 27 }, (_, index) => ({ index, rungValues: [] as number[], ended: false }));
  const schedule = createRng(scheduleSeed);
  let epochs = 0;
  for (let tick = 0; tick < 1_000; tick++) {
    const decided = ashaDecisions(trials, asha);
    for (const { index } of decided.stop) (trials[index] as (typeof trials)[number]).ended = true;
    for (const index of decided.complete) (trials[index] as (typeof trials)[number]).ended = true;
    // Waiting suggestions release their worker; the others (not started, or promoted) may train their next rung.
    const paused = new Set(decided.waiting.map((w) => w.index));
    const runnable = trials.filter((t) => !t.ended && !paused.has(t.index));
    if (runnable.length === 0) break;
    for (const trial of schedule.shuffle(runnable).slice(0, workers)) {
      const rungEpochs = asha.rungs[trial.rungValues.length] as number;
      trial.rungValues.push(loss(trial.index, rungEpochs));
      epochs += rungEpochs;
    }
  }
  const final = ashaDecisions(trials, asha);
  assert.equal(final.waiting.length + final.promote.length, 0, 'the sweep ran to the end');
  const outcome = trials.map((t) =>
    final.complete.includes(t.index) ? `${t.index}:complete` : `${t.index}:stopped@${t.rungValues.length - 1}`,
  );
  return { outcome, epochs };
}

test('a whole sweep ends the same way whatever the worker count and timing, and saves most of the epochs', () => {
  const reference = simulate(1, 4);
  for (const [seed, workers] of [
    [2, 4],
    [3, 1],
    [4, 27],
    [5, 3],
  ] as const) {
    const run = simulate(seed, workers);
    assert.deepEqual(run.outcome, reference.outcome, `schedule ${seed} with ${workers} workers`);
    assert.equal(run.epochs, reference.epochs);
  }
  // Without early stopping: 27 × 27 = 729 epochs. Each rung keeps about a third, a little more at the top where
  // peer sets are small (the first suggestions to reach a rung have few peers to lose to). Measured: 27, 7, 4 and 3
  // suggestions reach epochs 1, 3, 9 and 27, for 150 epochs (rungs retrained from scratch).
  const completed = reference.outcome.filter((o) => o.endsWith('complete')).length;
  assert.ok(completed >= 1 && completed <= 6, reference.outcome.join(' '));
  assert.ok(reference.epochs < 729 / 2, `${reference.epochs} epochs`);
});

test('with every result in, decisions match ashaPromotes applied rung by rung, and 3,000 trials take little time', () => {
  const rng = createRng(77);
  const n = 3_000;
  const reduction = 3;
  const asha = { rungs: ashaRungs(1, 27, reduction), reductionFactor: reduction };
  // Every trial reports every rung (a stopped trial's later values are then "results past a lost rung").
  const trials: AshaTrial[] = Array.from({ length: n }, (_, index) => ({
    index,
    rungValues: asha.rungs.map((_, k) => (rng.next() < 0.02 ? Infinity : rng.next() / (k + 1))),
  }));
  const started = performance.now();
  const decided = ashaDecisions(trials, asha);
  const elapsedMs = performance.now() - started;

  // The reference: the rule straight from ashaPromotes, peers collected naively.
  const alive = new Set(trials.map((t) => t.index));
  let stopped: { index: number; rung: number }[] = [];
  for (let rung = 0; rung < asha.rungs.length - 1; rung++) {
    const reached = trials.filter((t) => alive.has(t.index));
    const results = reached.map((t) => ({ index: t.index, value: t.rungValues[rung] as number }));
    const losers = results.filter((r, i) => !ashaPromotes(r, results.slice(0, i), reduction));
    for (const r of losers) alive.delete(r.index);
    stopped = [...stopped, ...losers.map((r) => ({ index: r.index, rung }))];
  }
  stopped.sort((a, b) => a.index - b.index);
  assert.deepEqual(decided.stop, stopped);
  assert.deepEqual(
    decided.complete,
    [...alive].sort((a, b) => a - b),
  );
  assert.deepEqual(decided.waiting, []);
  // Sorted peer values make each decision a binary search: 5,000 trials measured about 100 ms, 10,000 about 330 ms,
  // on a loaded 2-core machine. The bound is generous: it catches a blow-up, not a slowdown of a few times.
  assert.ok(elapsedMs < 2_000, `${elapsedMs} ms`);
});

test('AshaLadder, fed one trial at a time in index order, stands each trial where ashaDecisions lists it', () => {
  const ladder = new AshaLadder(options);
  const standings = sweep.map((trial) => ladder.add(trial));
  assert.deepEqual(standings, [
    { kind: 'complete' },
    { kind: 'stop', rung: 1 },
    { kind: 'stop', rung: 0 },
    { kind: 'promote', rung: 1, epochs: 9 },
    { kind: 'stop', rung: 0 },
    { kind: 'promote', rung: 1, epochs: 9 },
    { kind: 'stop', rung: 1 },
    { kind: 'unreported' },
    { kind: 'wait', rung: 0, blockedBy: 7 },
  ]);
  // A trial that failed at rung 1 has ended: nothing to act on, and its results count up to that rung.
  assert.deepEqual(new AshaLadder(options).add({ index: 0, rungValues: [0.9, Infinity], ended: true }), {
    kind: 'ended',
    rung: 1,
  });
  // Indices come in order, each once: the ladder refuses a gap or a repeat instead of deciding on a wrong peer set.
  assert.throws(() => new AshaLadder(options).add({ index: 1, rungValues: [0.5] }), SearchArgumentError);
});
