import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeSweep } from './analyze-sweep.js';
import { memorizedBits, mutualInformationBits } from './capacity.js';
import { trialRow } from './test-support.js';

/**
 * Independent route: I(Y; Ŷ) = Σ p(y, ŷ)·log2(p(y, ŷ)/(p(y)·p(ŷ))) over the full C × C joint table of a uniform label
 * and a prediction right with probability `accuracy`, else uniform over the other classes.
 */
function mutualInformationFromJointTable(classes: number, accuracy: number): number {
  let bits = 0;
  for (let y = 0; y < classes; y++) {
    for (let predicted = 0; predicted < classes; predicted++) {
      const joint = (1 / classes) * (predicted === y ? accuracy : (1 - accuracy) / (classes - 1));
      // Both marginals are uniform: p(ŷ) = (1/C)·(acc + (C − 1)·(1 − acc)/(C − 1)) = 1/C.
      if (joint > 0) bits += joint * Math.log2(joint / (1 / classes) ** 2);
    }
  }
  return bits;
}

test('issue 19: a binary model 90% right at 0.999 confidence: 0.53 bits/sample by MI, 0.002 by the loss bound', () => {
  // Binary entropy: 1 − H(0.9) = 1 + 0.9·log2 0.9 + 0.1·log2 0.1 = 0.53100.
  const mi = mutualInformationBits({ classes: 2, accuracy: 0.9 });
  assert.ok(Math.abs(mi - 0.531_004_406_410_718_8) < 1e-12, `${mi}`);
  assert.ok(Math.abs(mi - mutualInformationFromJointTable(2, 0.9)) < 1e-12);
  // Cross-entropy at 0.999 on the right label 90% of the time and on the wrong one 10%: 0.9·(−ln 0.999) +
  // 0.1·(−ln 0.001) nats, i.e. 0.998 bits: the loss bound keeps 1 − 0.998 = 0.002 bits per sample.
  const lossNats = 0.9 * -Math.log(0.999) + 0.1 * -Math.log(0.001);
  const bound = memorizedBits({ samples: 1, classes: 2, trainLossNats: lossNats });
  assert.ok(Math.abs(bound - 0.002) < 5e-4, `${bound}`);
});

test('MI agrees with the joint table for many classes and accuracies; 0 at chance, log2 C when perfect', () => {
  for (const classes of [2, 3, 10, 64]) {
    for (const accuracy of [0.5, 0.7, 0.9, 0.99]) {
      if (accuracy <= 1 / classes) continue;
      const got = mutualInformationBits({ classes, accuracy });
      assert.ok(Math.abs(got - mutualInformationFromJointTable(classes, accuracy)) < 1e-12, `${classes} ${accuracy}`);
    }
    assert.equal(mutualInformationBits({ classes, accuracy: 1 / classes }), 0);
    assert.equal(mutualInformationBits({ classes, accuracy: 1 }), Math.log2(classes));
  }
  assert.throws(() => mutualInformationBits({ classes: 2, accuracy: 1.5 }), /accuracy/);
});

test('analyzeSweep reports both measures, named apart, from train loss and train accuracy', () => {
  const rows = [0, 1, 2].map((seed) =>
    trialRow({ cell: 'gru', seed, paramCount: 500, trainLoss: 0.2, trainMetric: 0.9, metricName: 'accuracy' }),
  );
  const analysis = analyzeSweep(rows, { memorization: { samples: 1_000, classes: 2 } });
  const metrics = analysis.groups[0]?.metrics;
  // 1,000 · 0.531 / 500 = 1.062 bits per parameter.
  const mi = metrics?.mutualInformationPerParameter?.mean as number;
  assert.ok(Math.abs(mi - (1_000 * 0.531_004_406_410_718_8) / 500) < 1e-9);
  // 1,000 · (1 − 0.2/ln 2) / 500.
  assert.ok(Math.abs((metrics?.bitsPerParameter?.mean as number) - (1_000 * (1 - 0.2 / Math.LN2)) / 500) < 1e-9);
  // Without a stored train accuracy (trials from before the train_metric column) there is no MI, not a wrong one.
  const withoutTrainMetric = rows.map(({ trainMetric: _, ...row }) => row);
  const legacy = analyzeSweep(withoutTrainMetric, { memorization: { samples: 1_000, classes: 2 } });
  assert.equal(legacy.groups[0]?.metrics.mutualInformationPerParameter, null);
});
