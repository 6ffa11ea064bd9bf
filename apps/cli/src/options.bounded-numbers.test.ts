import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

// Issue 14, defect 16: `report --resamples 1e12` and `bench --hidden 100000` printed `Invalid typed array length`.
test('numeric options out of range are usage errors (exit 2) that name the option and its range', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['report', 'x', '--resamples', '1e12'],
      /option '--resamples <n>' argument '1e12' is invalid\. expected a whole number from 1 to 1,000,000/,
    ],
    [['compare', 'x', '--resamples', '0'], /option '--resamples <n>' argument '0' is invalid/],
    [
      ['bench', '--hidden', '100000'],
      /option '--hidden <n>' argument '100000' is invalid\. expected a whole number from 1 to 2,048/,
    ],
    [
      ['bench', '--length', '1e9'],
      /option '--length <n>' argument '1e9' is invalid\. expected a whole number from 1 to 2,000/,
    ],
    [
      ['run', 'x.yaml', '--workers', '100000'],
      /option '-w, --workers <n>' argument '100000' is invalid\. expected a whole number from 1 to 256/,
    ],
  ];
  for (const [args, message] of cases) {
    const result = await sandbox.run(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /Invalid typed array length|\n\s+at /);
  }
});
