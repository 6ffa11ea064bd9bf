// Measures a data file's trip through the store (issue 11, "Distributed") on Postgres: `submit`'s upload, a second
// submit of the same bytes, a worker's first fetch (download, SHA-256 check, write to its cache folder) and a cached
// second load (another worker process finding the copy: one hash check; the same process: a stat). Issue 11's
// target: a worker's cached second load < 1 s.
// Usage: npm run build && node scripts/bench-dataset-store.mjs [megabytes=100]
// Needs the test Postgres (CELLSWEEP_TEST_PG_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres). The
// seeded long-format CSV, the database and the cache folder are made for the run and removed afterwards.
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@cellsweep/store';
import { createTestDatabase } from '@cellsweep/store/testing';
import { createDatasetCache } from '../apps/worker/dist/dataset-cache.js';

const megabytes = Number(process.argv[2] ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'cellsweep-bench-store-'));
const path = join(dir, 'long.csv');

// The same seeded long-format CSV as bench-data-file.mjs (text compresses, as real CSV files do).
const STEPS = 100;
const FEATURES = 8;
const out = createWriteStream(path);
let state = 12_345;
const random = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
out.write(`sequence,step,${Array.from({ length: FEATURES }, (_, i) => `f${i}`).join(',')},label\n`);
for (let sequence = 0; out.bytesWritten + out.writableLength < megabytes * 1e6; sequence++) {
  let chunk = '';
  for (let t = 0; t < STEPS; t++) {
    const values = Array.from({ length: FEATURES }, () => (random() * 20 - 10).toFixed(3));
    chunk += `s${sequence},${t},${values.join(',')},${sequence % 3 === 0 ? 'a' : 'b'}\n`;
  }
  if (!out.write(chunk)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
const sizeBytes = statSync(path).size;
const hash = createHash('sha256');
for await (const chunk of createReadStream(path)) hash.update(chunk);
const sha256 = hash.digest('hex');

const database = await createTestDatabase();
const store = await openStore({ databaseUrl: database.url });
const seconds = async (what) => {
  const started = performance.now();
  const value = await what();
  return { value, seconds: (performance.now() - started) / 1000 };
};
try {
  const put = () => store.putDatasetBlob({ sha256, sizeBytes, read: () => createReadStream(path) });
  const upload = await seconds(put);
  const again = await seconds(put);
  const cacheDir = join(dir, 'cache');
  const fetch = await seconds(() => createDatasetCache({ dir: cacheDir, store }).localPath(sha256));
  // A new cache is what another worker process (or this one after a restart) starts with: it hashes the copy.
  const worker = createDatasetCache({ dir: cacheDir, store });
  const otherProcess = await seconds(() => worker.localPath(sha256));
  const sameProcess = await seconds(() => worker.localPath(sha256));
  const mb = (sizeBytes / 1e6).toFixed(1);
  const rate = (s) => `${(sizeBytes / 1e6 / s).toFixed(0)} MB/s`;
  console.log(`data file ${mb} MB (long CSV), Postgres, ${upload.value.chunkCount} chunks of 4 MiB:`);
  console.log(`  upload (submit)             ${upload.seconds.toFixed(2)} s  (${rate(upload.seconds)})`);
  console.log(
    `  second submit, same bytes   ${again.seconds.toFixed(3)} s  (chunks written: ${again.value.chunksWritten})`,
  );
  console.log(
    `  worker's first fetch        ${fetch.seconds.toFixed(2)} s  (${rate(fetch.seconds)}; download, check, cache)`,
  );
  console.log(`  cached load, other process  ${otherProcess.seconds.toFixed(2)} s  (SHA-256 of the cached copy)`);
  console.log(`  cached load, same process   ${sameProcess.seconds.toFixed(3)} s  (stat only)`);
} finally {
  await store.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
}
