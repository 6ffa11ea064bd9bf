"""PyTorch 1-thread baseline for `npm run bench` (scripts/bench-kernels.mjs): the identical training step.

One recurrent layer (batch_first) -> last step -> Linear(H, 1), MSE, Adam(1e-3), global-norm clip 1, batch 64,
I = 8, random inputs, like @cellsweep/trainer's measureThroughput. Reads one JSON config per stdin line
({"cell", "hidden", "steps", "batches"}), answers one JSON line ({"samplesPerSec"}), so the bench can interleave
torch with tfjs config by config on a noisy shared machine. Needs Debian's python3-torch + libopenblas0-pthread.
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)  # measured here: 2 threads were slower than 1 for these sizes
torch.manual_seed(1)

CELLS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


class Model(torch.nn.Module):
    def __init__(self, cell, inputs, hidden):
        super().__init__()
        self.rnn = CELLS[cell](inputs, hidden, batch_first=True)
        self.head = torch.nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1, :])


def measure(cell, hidden, steps, batches, batch=64, inputs=8):
    model = Model(cell, inputs, hidden)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, steps, inputs)
    y = torch.rand(batch, 1)

    def step():
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return loss.item()

    for _ in range(2):
        step()
    start = time.perf_counter()
    for _ in range(batches):
        step()
    elapsed = time.perf_counter() - start
    return batches * batch / elapsed


print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
for line in sys.stdin:
    if not line.strip():
        continue
    config = json.loads(line)
    rate = measure(config["cell"], config["hidden"], config["steps"], config["batches"])
    print(json.dumps({"samplesPerSec": rate}), flush=True)
