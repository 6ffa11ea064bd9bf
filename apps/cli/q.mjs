import { openStore } from '@cellsweep/store';
const s = await openStore({ dataDir: process.argv[2] });
const sw = await s.getSweep(process.argv[3]);
for (const t of await s.listTrials(sw.id)) {
  const e = await s.listEpochs(t.id);
  console.log(t.cell, t.seed, t.config.training.learningRate, e.map(r => r.valLoss.toPrecision(2)).join(' '));
}
await s.close();
