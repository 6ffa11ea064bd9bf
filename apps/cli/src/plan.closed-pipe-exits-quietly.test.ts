import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSandbox } from './test-cli.js';

const sandbox = createSandbox();
after(() => sandbox.remove());

// Issue 14, defect 15: `cellsweep plan big.yaml | head` crashed with an EPIPE stack trace.
test('a reader that closes the pipe early (| head) ends the command quietly with exit 0', async () => {
  const spec = sandbox.spec(
    'big.yaml',
    'name: big\ntask: { dataset: adding }\ncells: [rnn, lstm, gru]\nhidden: [4, 8, 16, 32]\nseeds: 500\n',
  );
  const child = sandbox.start(['plan', spec]);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
  child.stdout?.destroy(); // what `head` does after its first lines
  assert.equal(await exited, 0, stderr);
  assert.equal(stderr, '');
});
