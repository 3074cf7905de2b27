"""PyTorch peer of bench/nn-train.ts: the same CfC cell (ncps CfCCell structure, default mode,
lecun_tanh backbone), readout, masked losses, truncated BPTT over chunks, Adam and gradient
clipping, on random data of the same shape. Prints {"stepsPerSecond": ...} (one JSON line)."""
import argparse
import json
import time

import torch
from torch import nn

p = argparse.ArgumentParser()
for name, default in [("sequences", 64), ("steps", 1440), ("inputs", 20), ("hidden", 32), ("units", 64), ("batch", 32), ("chunk", 64), ("threads", 1)]:
    p.add_argument(f"--{name}", type=int, default=default)
p.add_argument("--max-seconds", type=float, default=60)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)


class LeCunTanh(nn.Module):
    def forward(self, v):
        return 1.7159 * torch.tanh(0.666 * v)


class Cell(nn.Module):
    def __init__(self, n_in, hidden, units):
        super().__init__()
        self.backbone = nn.Sequential(nn.Linear(n_in + hidden, units), LeCunTanh())
        self.ff1 = nn.Linear(units, hidden)
        self.ff2 = nn.Linear(units, hidden)
        self.time_a = nn.Linear(units, hidden)
        self.time_b = nn.Linear(units, hidden)
        self.readout = nn.Linear(hidden, 4 + 1 + 8)

    def forward(self, x, h, dt):
        u = self.backbone(torch.cat([x, h], 1))
        ff1 = torch.tanh(self.ff1(u))
        ff2 = torch.tanh(self.ff2(u))
        g = torch.sigmoid(self.time_a(u) * dt + self.time_b(u))
        h = ff1 * (1 - g) + g * ff2
        return h, self.readout(h)


cell = Cell(a.inputs, a.hidden, a.units)
opt = torch.optim.Adam(cell.parameters(), lr=2e-3)
x = torch.randn(a.sequences, a.steps, a.inputs)
dt = torch.ones(a.sequences, a.steps, 1)
risk = (torch.rand(a.sequences, a.steps, 4) < 0.1).float()
ttf = torch.rand(a.sequences, a.steps) * 5
ttf_mask = torch.rand(a.sequences, a.steps) < 0.1
cls = torch.randint(0, 8, (a.sequences, a.steps))
bce = nn.BCEWithLogitsLoss(reduction="sum")
huber = nn.HuberLoss(reduction="sum", delta=1.0)
ce = nn.CrossEntropyLoss(reduction="sum")

steps = 0
t0 = time.perf_counter()
c0 = time.process_time()
done = False
for b in range(0, a.sequences, a.batch):
    rows = slice(b, b + a.batch)
    n = x[rows].shape[0]
    h = torch.zeros(n, a.hidden)
    for c in range(0, a.steps, a.chunk):
        h = h.detach()
        loss = 0.0
        for t in range(c, min(c + a.chunk, a.steps)):
            h, out = cell(x[rows, t], h, dt[rows, t])
            m = ttf_mask[rows, t]
            loss = loss + bce(out[:, :4], risk[rows, t]) + 0.1 * huber(out[m, 4], ttf[rows, t][m]) + 0.2 * ce(out[m, 5:], cls[rows, t][m])
            steps += n
        opt.zero_grad()
        (loss / (n * a.chunk)).backward()
        torch.nn.utils.clip_grad_norm_(cell.parameters(), 1.0)
        opt.step()
        if time.perf_counter() - t0 > a.max_seconds:
            done = True
            break
    if done:
        break
print(json.dumps({"stepsPerSecond": steps / (time.perf_counter() - t0), "stepsPerCpuSecond": steps / (time.process_time() - c0), "steps": steps, "threads": a.threads}))
