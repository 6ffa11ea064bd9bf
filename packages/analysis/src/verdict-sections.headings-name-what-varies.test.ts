import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { trialRow } from './test-support.js';
import type { TrialRow } from './types.js';
import { groupVerdicts } from './verdict-sections.js';

const TASK = 'adding(sequenceLength=50, testSize=1000, trainSize=1280, validationSize=256)';

/** lstm and gru at each budget over 8 seeds; gru better by 0.1 at the small budget only. */
function rows(budgets: number[]): TrialRow[] {
  return budgets.flatMap((paramBudget, index) =>
    Array.from({ length: 8 }, (_, seed) => {
      const lstm = 0.4 + 0.01 * ((seed * 7) % 5);
      const gru = index === 0 ? lstm - 0.1 : lstm + 0.001 * (seed % 3) - 0.001;
      return [
        trialRow({ cell: 'lstm', seed, paramBudget, paramCount: paramBudget, task: TASK, testLoss: lstm }),
        trialRow({ cell: 'gru', seed, paramBudget, paramCount: paramBudget, task: TASK, testLoss: gru }),
      ];
    }).flat(),
  );
}

test('two budgets: one heading per budget, the shared task and layers said once, no line repeats them', () => {
  const analysis = analyzeSweep(rows([5_000, 20_000]), { resamples: 200 });
  const grouped = groupVerdicts(analysis);
  assert.equal(grouped.context, `${TASK} · 1 layer`);
  const headings = grouped.sections.map((section) => section.heading);
  assert.deepEqual(
    headings.filter((heading) => heading !== null),
    ['budget 5,000', 'budget 20,000'],
  );
  const lines = grouped.sections.flatMap((section) => section.lines);
  assert.equal(lines.length, analysis.verdicts.length, 'every verdict line is kept');
  assert.ok(
    lines.every((line) => !line.includes(TASK)),
    lines.join('\n'),
  );
  const small = grouped.sections.find((section) => section.heading === 'budget 5,000')!;
  assert.match(small.lines[0] ?? '', /^gru beats lstm on test loss/);
  // A sweep-wide line that began with the task (the frontier's "adding(…): best at …") drops the shared prefix.
  assert.ok(
    lines.some((line) => /^best at budget 5,000: gru/.test(line)),
    lines.join('\n'),
  );
  // A trend's series label keeps its arm and drops the shared parts in its parentheses.
  assert.ok(
    lines.some((line) => /^gru: test loss rises as parameters grow/.test(line)),
    lines.join('\n'),
  );
});

test('one setting: no headings at all, the whole setting is the context', () => {
  const analysis = analyzeSweep(rows([5_000]), { resamples: 200 });
  const grouped = groupVerdicts(analysis);
  assert.equal(grouped.context, `${TASK} · budget 5,000 · 1 layer`);
  assert.deepEqual(
    grouped.sections.map((section) => section.heading),
    [null],
  );
  assert.match(grouped.sections[0]!.lines[1] ?? '', /^gru beats lstm on test loss/);
});

test('a sweep without comparisons keeps its lines as they are', () => {
  const analysis = analyzeSweep([trialRow({ cell: 'lstm', seed: 0 })], { resamples: 200 });
  const grouped = groupVerdicts(analysis);
  assert.equal(grouped.context, null);
  assert.deepEqual(grouped.sections, [{ heading: null, lines: analysis.verdicts }]);
});

test('tasks that differ in one option are headed by that option; the options they share are said once', () => {
  const task = (length: number) => `adding(sequenceLength=${length}, testSize=1000, trainSize=1280)`;
  const analysis = analyzeSweep(
    [10, 40].flatMap((length) =>
      rows([3_000]).map((row) => ({ ...row, id: `${row.id}-${length}`, task: task(length) })),
    ),
    { resamples: 200 },
  );
  const grouped = groupVerdicts(analysis);
  assert.equal(grouped.context, 'adding(testSize=1000, trainSize=1280) · budget 3,000 · 1 layer');
  assert.deepEqual(
    grouped.sections.map((s) => s.heading).filter((h) => h !== null),
    ['sequenceLength=10', 'sequenceLength=40'],
  );
  const lines = grouped.sections.flatMap((section) => section.lines);
  assert.ok(
    lines.includes(lines.find((line) => /^sequenceLength=10: best at budget 3,000: gru/.test(line)) ?? '?'),
    lines.join('\n'),
  );
  assert.ok(
    lines.every((line) => !line.includes('testSize')),
    lines.join('\n'),
  );
});
