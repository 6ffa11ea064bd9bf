import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DRIVERS, openTestStore } from './test-support.js';

// Issue 14, defect 20: `/api/sweeps?q=_` or `q=%` matched every sweep, because Prisma's `contains` is an unescaped
// ILIKE pattern. A search is for the characters typed, on both drivers.
for (const driver of DRIVERS) {
  test(`${driver}: a sweep search matches %, _ and \\ literally`, async () => {
    const { store, close } = await openTestStore(driver);
    try {
      for (const name of ['plain', 'under_score', '100%-done', 'back\\slash', 'UPPER_case']) {
        await store.upsertSweep({ name, spec: { task: 'parity' }, specHash: name });
      }
      const names = async (q: string) =>
        (await store.listSweepOverviews({ limit: 50, nameContains: q })).items.map((s) => s.name).sort();
      assert.deepEqual(await names('_'), ['UPPER_case', 'under_score']);
      assert.deepEqual(await names('%'), ['100%-done']);
      assert.deepEqual(await names('\\'), ['back\\slash']);
      assert.deepEqual(await names('%_'), []);
      assert.deepEqual(await names('r_c'), ['UPPER_case'], 'still case-insensitive');
      assert.equal((await store.listSweepOverviews({ limit: 50, nameContains: '_' })).total, 2);
    } finally {
      await close();
    }
  });
}
