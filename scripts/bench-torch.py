"""PyTorch 1-thread baseline for `npm run bench` (scripts/bench-kernels.mjs): the identical training step.

One recurrent layer (batch_first) -> last step -> Linear(H, 1), MSE, Adam(1e-3), global-norm clip 1, batch 64,
I = 8, random inputs, like @cellsweep/trainer's measureThroughput. Reads one JSON config per stdin line
({"cell", "hidden", "steps", "batches"}), answers one JSON line ({"samplesPerSec"}), so the bench can interleave
torch with tfjs config by config on a noisy shared machine. A line {"gemm": true} instead asks for the best
1-thread torch.mm GFLOP/s over the bench's GEMM-peak shapes (the native ceiling for the roofline).
Needs Debian's python3-torch + libopenblas0-pthread.
"""
import json
import os
import sys
import time

import torch

# One thread for torch's own pool; the BLAS pool (OpenBLAS's, through Debian's generic libblas) ignores this and
# follows OPENBLAS_NUM_THREADS, which bench-kernels.mjs sets to 1. The hello line reports the OS threads so a run
# shows which it was.
torch.set_num_threads(1)
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


def gemm_peak(rounds=7):
    best = 0.0
    for m, n, k in ((192, 256, 256), (64, 1024, 256), (256, 512, 128)):
        a, b, c = torch.rand(m, k), torch.rand(k, n), torch.empty(m, n)
        flop = 2 * m * n * k
        reps = max(1, round(1e8 / flop))
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(reps):
                torch.mm(a, b, out=c)
            best = max(best, flop * reps / (time.perf_counter() - start) / 1e9)
    return best


torch.mm(torch.rand(256, 256), torch.rand(256, 256))  # starts the BLAS pool, if it has one
os_threads = len(os.listdir("/proc/self/task"))
print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(), "osThreads": os_threads}), flush=True)
for line in sys.stdin:
    if not line.strip():
        continue
    config = json.loads(line)
    if config.get("gemm"):
        print(json.dumps({"gflops": gemm_peak()}), flush=True)
        continue
    rate = measure(config["cell"], config["hidden"], config["steps"], config["batches"])
    print(json.dumps({"samplesPerSec": rate}), flush=True)
