#!/usr/bin/env python3
"""Golden values for Hone's AdamW, LR schedule and gradient clipping, computed by PyTorch.

Runs six optimizer steps of torch.optim.AdamW (single-tensor path) on two small fixed tensors, one
with weight decay and one without, with global-norm clipping (torch.nn.utils.clip_grad_norm_) and a
linear-warmup + cosine-decay learning rate, and writes every input and every expected output to
engine/src/test/resources/golden/adamw.json. The Java test AdamWGoldenTest replays the same inputs.

Not run by Maven or CI. Needs Debian's python3-torch (apt-get install python3-torch):
    /usr/bin/python3 bench/reference/adamw_golden.py
"""
import json
import math
import os

import torch

PEAK_LR, WARMUP, TOTAL, MIN_LR_FRACTION = 0.05, 2, 6, 0.1
BETAS, EPS, WEIGHT_DECAY, MAX_NORM = (0.9, 0.95), 1e-8, 0.1, 1.0
# Per-step gradient scales: some steps are clipped (norm > 1), others are not.
GRAD_SCALES = [3.0, 0.2, 1.5, 0.1, 2.0, 0.05]


def lr_at(step):
    """The schedule documented in LrSchedule (COSINE), step 0-based."""
    if step < WARMUP:
        return PEAK_LR * (step + 1) / WARMUP
    floor = PEAK_LR * MIN_LR_FRACTION
    p = min(1.0, (step - WARMUP) / max(1, TOTAL - WARMUP))
    return floor + (PEAK_LR - floor) * 0.5 * (1 + math.cos(math.pi * p))


def floats(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def main():
    torch.manual_seed(1234)
    w = torch.nn.Parameter(torch.randn(3, 4))
    b = torch.nn.Parameter(torch.randn(5))
    init = {"w": floats(w), "b": floats(b)}
    opt = torch.optim.AdamW(
        [{"params": [w], "weight_decay": WEIGHT_DECAY}, {"params": [b], "weight_decay": 0.0}],
        lr=PEAK_LR, betas=BETAS, eps=EPS, foreach=False)
    steps = []
    for s, scale in enumerate(GRAD_SCALES):
        gw = torch.randn(3, 4) * scale
        gb = torch.randn(5) * scale
        w.grad, b.grad = gw.clone(), gb.clone()
        norm = torch.nn.utils.clip_grad_norm_([w, b], MAX_NORM)
        lr = lr_at(s)
        for group in opt.param_groups:
            group["lr"] = lr
        opt.step()
        steps.append({"grad_w": floats(gw), "grad_b": floats(gb), "lr": lr, "norm": float(norm),
                      "clipped_grad_w": floats(w.grad), "w": floats(w), "b": floats(b)})
    state = opt.state
    out = {
        "script": "bench/reference/adamw_golden.py", "torch": torch.__version__,
        "peak_lr": PEAK_LR, "warmup": WARMUP, "total": TOTAL, "min_lr_fraction": MIN_LR_FRACTION,
        "beta1": BETAS[0], "beta2": BETAS[1], "eps": EPS, "weight_decay": WEIGHT_DECAY, "max_norm": MAX_NORM,
        "init": init, "steps": steps,
        "final": {"exp_avg_w": floats(state[w]["exp_avg"]), "exp_avg_sq_w": floats(state[w]["exp_avg_sq"]),
                  "exp_avg_b": floats(state[b]["exp_avg"]), "exp_avg_sq_b": floats(state[b]["exp_avg_sq"]),
                  "step": int(state[w]["step"])},
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "engine", "src", "test", "resources", "golden", "adamw.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
