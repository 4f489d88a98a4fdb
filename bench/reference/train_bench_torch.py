#!/usr/bin/env python3
"""PyTorch side of bench/run-training-bench: training tokens/s of a plain PyTorch GPT-2 or Llama.

One training step = forward + cross-entropy (mean over every token) + backward + global-norm clipping
(max norm 1.0) + AdamW (lr 1e-4, betas (0.9, 0.999), eps 1e-8, weight decay 0.01 on matrices only), on
random tokens, B unpacked rows of T tokens (one causal sequence per row, positions 0..T-1): the same
work Hone's side (dev.hone.bench.TrainingBench) does. The models are written here from their papers'
equations (no transformers library):
  gpt2  token + learned position embedding, L x [LayerNorm, fused qkv (bias), causal softmax attention,
        output projection (bias), LayerNorm, GELU-tanh MLP 4C (bias)], final LayerNorm, LM head tied to
        the token embedding.
  llama token embedding, L x [RMSNorm, q/k/v (GQA: KVH key/value heads), RoPE (rotate_half pairing,
        theta), causal attention, o, RMSNorm, SwiGLU MLP], final RMSNorm, LM head (tied or not).
Modes:
  fp32  everything in fp32.
  bf16  torch.autocast("cpu", dtype=torch.bfloat16) around the forward; fp32 weights, grads and AdamW.
  lora  Llama only: every base weight frozen and stored in bf16 (embedding too); LoRA rank r (alpha 2r,
        no dropout) on q, k, v, o, gate, up, down, A and B in fp32; forward under bf16 autocast.
Prints the BLAS core and torch configuration, then one line
  RESULT side=torch variant=torch-<mode> tokens_per_s=... peak_rss_mb=... step_s=... loss=... params=...
peak_rss_mb is VmHWM of this process. Installs nothing and sets no environment: run it through
bench/run-training-bench, which picks the BLAS library, OPENBLAS_CORETYPE and the thread count.
Not a test.
"""
import argparse
import ctypes
import math
import os
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn


class LayerNorm(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.bias = nn.Parameter(torch.zeros(c))

    def forward(self, x):
        return F.layer_norm(x, (x.shape[-1],), self.weight, self.bias, 1e-5)


class RmsNorm(nn.Module):
    def __init__(self, c, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(c))
        self.eps = eps

    def forward(self, x):
        x = x.float()
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


class LoraLinear(nn.Module):
    """y = x W^T + (alpha/r) (x A^T) B^T with W frozen in bf16; A Kaiming-uniform, B zero (torchtune)."""

    def __init__(self, c, oc, rank):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(oc, c, dtype=torch.bfloat16), requires_grad=False)
        bound = 1.0 / math.sqrt(c)
        self.lora_a = nn.Parameter(torch.empty(rank, c).uniform_(-bound, bound))
        self.lora_b = nn.Parameter(torch.zeros(oc, rank))
        self.scale = 2.0

    def forward(self, x):
        return F.linear(x, self.weight) + self.scale * F.linear(F.linear(x, self.lora_a), self.lora_b)


def linear(c, oc, bias, lora_rank):
    if lora_rank > 0:
        return LoraLinear(c, oc, lora_rank)
    return nn.Linear(c, oc, bias=bias)


_MASKS = {}


def causal_attention(q, k, v):
    """q (B,NH,T,hs), k/v (B,NH,T,hs) -> (B,T,NH*hs); the full T x T probabilities, as torch 1.13 has no fused op."""
    T, hs = q.shape[-2], q.shape[-1]
    if T not in _MASKS:
        _MASKS[T] = torch.ones(T, T, dtype=torch.bool).triu_(1)
    scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
    p = scores.masked_fill(_MASKS[T], float("-inf")).softmax(dim=-1)
    y = p @ v
    return y.transpose(1, 2).reshape(q.shape[0], T, -1)


class Gpt2Block(nn.Module):
    def __init__(self, a):
        super().__init__()
        c = a.hidden
        self.nh = a.heads
        self.ln1, self.ln2 = LayerNorm(c), LayerNorm(c)
        self.c_attn = nn.Linear(c, 3 * c)
        self.attn_proj = nn.Linear(c, c)
        self.c_fc = nn.Linear(c, a.intermediate)
        self.mlp_proj = nn.Linear(a.intermediate, c)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(self.ln1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.nh, C // self.nh).transpose(1, 2) for t in (q, k, v))
        x = x + self.attn_proj(causal_attention(q, k, v))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln2(x)), approximate="tanh"))


class Gpt2(nn.Module):
    def __init__(self, a):
        super().__init__()
        self.wte = nn.Embedding(a.vocab, a.hidden)
        self.wpe = nn.Embedding(a.context, a.hidden)
        self.blocks = nn.ModuleList(Gpt2Block(a) for _ in range(a.layers))
        self.ln_f = LayerNorm(a.hidden)

    def forward(self, idx):
        pos = torch.arange(idx.shape[1])
        x = self.wte(idx) + self.wpe(pos)
        for b in self.blocks:
            x = b(x)
        return F.linear(self.ln_f(x), self.wte.weight)


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


class LlamaBlock(nn.Module):
    def __init__(self, a, r):
        super().__init__()
        c, self.nh, self.kvh = a.hidden, a.heads, a.kv_heads
        self.hs = c // a.heads
        self.ln1, self.ln2 = RmsNorm(c, a.eps), RmsNorm(c, a.eps)
        self.q = linear(c, self.nh * self.hs, False, r)
        self.k = linear(c, self.kvh * self.hs, False, r)
        self.v = linear(c, self.kvh * self.hs, False, r)
        self.o = linear(self.nh * self.hs, c, False, r)
        self.gate = linear(c, a.intermediate, False, r)
        self.up = linear(c, a.intermediate, False, r)
        self.down = linear(a.intermediate, c, False, r)

    def forward(self, x, cos, sin):
        B, T, _ = x.shape
        h = self.ln1(x)
        q = self.q(h).view(B, T, self.nh, self.hs).transpose(1, 2)
        k = self.k(h).view(B, T, self.kvh, self.hs).transpose(1, 2)
        v = self.v(h).view(B, T, self.kvh, self.hs).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        rep = self.nh // self.kvh
        k = k[:, :, None].expand(B, self.kvh, rep, T, self.hs).reshape(B, self.nh, T, self.hs)
        v = v[:, :, None].expand(B, self.kvh, rep, T, self.hs).reshape(B, self.nh, T, self.hs)
        x = x + self.o(causal_attention(q, k.to(q.dtype), v.to(q.dtype)))
        h = self.ln2(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class Llama(nn.Module):
    def __init__(self, a, lora_rank):
        super().__init__()
        dtype = torch.bfloat16 if lora_rank > 0 else torch.float32
        self.embed = nn.Embedding(a.vocab, a.hidden, dtype=dtype)
        self.blocks = nn.ModuleList(LlamaBlock(a, lora_rank) for _ in range(a.layers))
        self.norm = RmsNorm(a.hidden, a.eps)
        self.lm_head = None if a.tied else nn.Linear(a.hidden, a.vocab, bias=False, dtype=dtype)
        hs = a.hidden // a.heads
        inv = 1.0 / (a.rope_theta ** (torch.arange(0, hs, 2, dtype=torch.float32) / hs))
        self.inv_freq = inv

    def forward(self, idx):
        T = idx.shape[1]
        ang = torch.outer(torch.arange(T, dtype=torch.float32), self.inv_freq)
        ang = torch.cat((ang, ang), dim=-1)
        cos, sin = ang.cos(), ang.sin()
        x = self.embed(idx).float()
        for b in self.blocks:
            x = b(x, cos, sin)
        head = self.embed.weight if self.lm_head is None else self.lm_head.weight
        return F.linear(self.norm(x), head)


def build(a):
    torch.manual_seed(a.seed)
    if a.arch == "gpt2":
        if a.mode == "lora":
            sys.exit("train_bench_torch.py: lora mode is implemented for --arch llama only")
        model = Gpt2(a)
    else:
        model = Llama(a, a.lora_rank if a.mode == "lora" else 0)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2 and "lora_" not in name:
                p.normal_(0.0, 0.02)
    if a.mode == "lora":
        for name, p in model.named_parameters():
            p.requires_grad_("lora_" in name)
    return model


def blas_core():
    try:
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_config.restype = ctypes.c_char_p
        return "%s (%s)" % (lib.openblas_get_corename().decode(), lib.openblas_get_config().decode())
    except (OSError, AttributeError):
        return "not OpenBLAS (the reference BLAS or another library: slow)"


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def describe(a):
    print("torch %s, threads %d, BLAS core %s" % (torch.__version__, torch.get_num_threads(), blas_core()))
    caps = [l.strip() for l in torch.__config__.show().splitlines() if "CPU capability" in l or "MKL-DNN" in l]
    print("torch config: %s; mkldnn enabled %s; ATEN_CPU_CAPABILITY=%s; OPENBLAS_CORETYPE=%s" % (
        "; ".join(caps), torch.backends.mkldnn.enabled, os.environ.get("ATEN_CPU_CAPABILITY", "(default)"),
        os.environ.get("OPENBLAS_CORETYPE", "(autodetect)")))
    sys.stdout.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--arch", choices=["gpt2", "llama"], required=True)
    p.add_argument("--mode", choices=["fp32", "bf16", "lora"], default="fp32")
    p.add_argument("--vocab", type=int, required=True)
    p.add_argument("--hidden", type=int, required=True)
    p.add_argument("--layers", type=int, required=True)
    p.add_argument("--heads", type=int, required=True)
    p.add_argument("--kv-heads", type=int, default=0, help="Llama key/value heads (default: heads)")
    p.add_argument("--intermediate", type=int, default=0, help="MLP width (default 4 x hidden)")
    p.add_argument("--context", type=int, default=2048)
    p.add_argument("--untied", action="store_true", help="separate LM head (default: tied to the embedding)")
    p.add_argument("--eps", type=float, default=1e-5)
    p.add_argument("--rope-theta", type=float, default=10000.0)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--seq", type=int, required=True)
    p.add_argument("--lora-rank", type=int, default=16)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--foreach", choices=["on", "off"], default="on",
                   help="AdamW's multi-tensor path (faster on this CPU; off: the single-tensor loop)")
    p.add_argument("--mkldnn", choices=["on", "off"], default="on")
    a = p.parse_args()
    a.kv_heads = a.kv_heads or a.heads
    a.intermediate = a.intermediate or 4 * a.hidden
    a.tied = not a.untied
    torch.set_num_threads(a.threads)
    torch.backends.mkldnn.enabled = a.mkldnn == "on"
    describe(a)

    model = build(a)
    trainable = [q for q in model.parameters() if q.requires_grad]
    groups = [{"params": [q for q in trainable if q.dim() >= 2], "weight_decay": 0.01},
              {"params": [q for q in trainable if q.dim() < 2], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=1e-4, betas=(0.9, 0.999), eps=1e-8, foreach=a.foreach == "on")
    gen = torch.Generator().manual_seed(a.seed)
    data = torch.randint(0, a.vocab, (a.batch, a.seq + 1), generator=gen)
    x, y = data[:, :-1].contiguous(), data[:, 1:].contiguous()
    autocast = a.mode in ("bf16", "lora")

    def step():
        opt.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
            logits = model(x)
        loss = F.cross_entropy(logits.float().view(-1, a.vocab), y.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    loss = 0.0
    for _ in range(a.steps):
        loss = step()
    dt = time.perf_counter() - t0
    n_params = sum(q.numel() for q in model.parameters())
    print("RESULT side=torch variant=torch-%s tokens_per_s=%.2f peak_rss_mb=%.0f step_s=%.3f loss=%.4f params=%d"
          % (a.mode, a.batch * a.seq * a.steps / dt, peak_rss_mb(), dt / a.steps, loss, n_params))


if __name__ == "__main__":
    main()
