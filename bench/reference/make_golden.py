#!/usr/bin/env python3
"""Golden fixtures for the engine's model tests, from an independent implementation.

Builds tiny Llama-family models (Llama with GQA and Llama-3 rope scaling; Qwen2 with q/k/v biases;
Qwen3 with per-head q/k RMSNorm and an explicit head_dim) and a tiny GPT-2 in plain PyTorch, written
from the math (no `transformers`), random-initialised with a fixed seed. For each it writes, under
engine/src/test/resources/golden/<name>/:
  config.json         the Hugging Face config
  model.safetensors   the weights under Hugging Face names and layouts (GPT-2 Conv1D is (in, out))
  golden.safetensors  logits (B, T, V) and grad.<hf name> for every parameter
  golden.json         the batch (tokens, targets, positions, segments, loss weights), loss, accuracy,
                      and the loss before each of 5 AdamW steps on that batch
Not run by Maven. Needs Debian's python3-torch:  /usr/bin/python3 bench/reference/make_golden.py
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "engine", "src", "test",
                    "resources", "golden")
ADAMW = dict(lr=1e-2, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1)  # decay applies to every tensor

# One batch for every model: row 0 packs two examples (positions restart, segment changes at t=5),
# row 1 is one example; some targets carry loss weight 0.
B, T = 2, 8
POSITIONS = [[0, 1, 2, 3, 4, 0, 1, 2], [0, 1, 2, 3, 4, 5, 6, 7]]
SEGMENTS = [[0, 0, 0, 0, 0, 1, 1, 1], [2, 2, 2, 2, 2, 2, 2, 2]]
WEIGHTS = [[0, 1, 1, 1, 0, 0, 1, 1], [1, 1, 1, 0, 1, 1, 1, 1]]


def write_safetensors(path, tensors, metadata=None):
    """The safetensors format: u64 little-endian header size, JSON header, raw little-endian data."""
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = metadata
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def attention_mask():
    seg = torch.tensor(SEGMENTS)
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    same = seg[:, :, None] == seg[:, None, :]
    return (causal[None] & same)[:, None]  # (B, 1, T, T)


def attention(q, k, v, nh, kvh):
    """q (B, NH, T, hs), k/v (B, KVH, T, hs) -> (B, T, NH*hs); query head h reads kv head h // (NH/KVH)."""
    rep = nh // kvh
    k = k.repeat_interleave(rep, dim=1)
    v = v.repeat_interleave(rep, dim=1)
    hs = q.shape[-1]
    att = (q @ k.transpose(-1, -2)) / math.sqrt(hs)
    att = att.masked_fill(~attention_mask(), float("-inf"))
    att = torch.softmax(att, dim=-1)
    y = att @ v
    return y.transpose(1, 2).reshape(q.shape[0], q.shape[2], nh * hs)


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def llama3_inv_freq(hs, theta, scaling):
    inv = 1.0 / (theta ** (torch.arange(0, hs, 2, dtype=torch.float64) / hs))
    if scaling is None:
        return inv.float()
    factor, low, high = scaling["factor"], scaling["low_freq_factor"], scaling["high_freq_factor"]
    old = scaling["original_max_position_embeddings"]
    out = []
    for f in inv.tolist():
        wavelen = 2 * math.pi / f
        if wavelen < old / high:
            out.append(f)
        elif wavelen > old / low:
            out.append(f / factor)
        else:
            smooth = (old / wavelen - low) / (high - low)
            out.append((1 - smooth) * f / factor + smooth * f)
    return torch.tensor(out, dtype=torch.float32)


def rope(x, inv_freq):
    """x (B, H, T, hs); HF rotate_half pairing (i, i + hs/2); angles from per-token positions."""
    pos = torch.tensor(POSITIONS, dtype=torch.float32)
    freqs = pos[:, :, None] * inv_freq[None, None, :]
    emb = torch.cat([freqs, freqs], dim=-1)
    cos, sin = emb.cos()[:, None], emb.sin()[:, None]
    half = x.shape[-1] // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * cos + rotated * sin


def lora_linear(x, w, b, module, lora):
    """F.linear plus, when the module is adapted, (alpha/r) * B(A x) (PEFT's LoRA, dropout 0)."""
    y = F.linear(x, w, b)
    if lora and module in lora["A"]:
        y = y + lora["scale"] * F.linear(F.linear(x, lora["A"][module]), lora["B"][module])
    return y


def llama_forward(p, cfg, tokens, lora=None):
    C, NH, KVH = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hs = cfg.get("head_dim", C // NH)
    eps = cfg["rms_norm_eps"]
    inv_freq = llama3_inv_freq(hs, cfg["rope_theta"], cfg.get("rope_scaling"))
    x = p["model.embed_tokens.weight"][tokens]
    for l in range(cfg["num_hidden_layers"]):
        pre = f"model.layers.{l}."
        h = rms_norm(x, p[pre + "input_layernorm.weight"], eps)

        def proj(name):
            w = p[pre + f"self_attn.{name}.weight"]
            b = p.get(pre + f"self_attn.{name}.bias")
            return lora_linear(h, w, b, pre + f"self_attn.{name}", lora)

        q = proj("q_proj").view(B, T, NH, hs)
        k = proj("k_proj").view(B, T, KVH, hs)
        v = proj("v_proj").view(B, T, KVH, hs)
        if pre + "self_attn.q_norm.weight" in p:
            q = rms_norm(q, p[pre + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, p[pre + "self_attn.k_norm.weight"], eps)
        q = rope(q.transpose(1, 2), inv_freq)
        k = rope(k.transpose(1, 2), inv_freq)
        y = attention(q, k, v.transpose(1, 2), NH, KVH)
        x = x + lora_linear(y, p[pre + "self_attn.o_proj.weight"], p.get(pre + "self_attn.o_proj.bias"),
                            pre + "self_attn.o_proj", lora)
        h = rms_norm(x, p[pre + "post_attention_layernorm.weight"], eps)
        gate = lora_linear(h, p[pre + "mlp.gate_proj.weight"], None, pre + "mlp.gate_proj", lora)
        up = lora_linear(h, p[pre + "mlp.up_proj.weight"], None, pre + "mlp.up_proj", lora)
        x = x + lora_linear(F.silu(gate) * up, p[pre + "mlp.down_proj.weight"], None, pre + "mlp.down_proj", lora)
    x = rms_norm(x, p["model.norm.weight"], eps)
    head = p["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else p["lm_head.weight"]
    return x @ head.t()


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def gpt2_forward(p, cfg, tokens):
    C, NH, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    hs = C // NH
    pos = torch.tensor(POSITIONS)
    x = p["transformer.wte.weight"][tokens] + p["transformer.wpe.weight"][pos]
    for l in range(cfg["n_layer"]):
        pre = f"transformer.h.{l}."
        h = F.layer_norm(x, (C,), p[pre + "ln_1.weight"], p[pre + "ln_1.bias"], eps)
        qkv = h @ p[pre + "attn.c_attn.weight"] + p[pre + "attn.c_attn.bias"]  # Conv1D: (in, out)
        q, k, v = qkv.split(C, dim=2)
        q, k, v = (t.view(B, T, NH, hs).transpose(1, 2) for t in (q, k, v))
        y = attention(q, k, v, NH, NH)
        x = x + y @ p[pre + "attn.c_proj.weight"] + p[pre + "attn.c_proj.bias"]
        h = F.layer_norm(x, (C,), p[pre + "ln_2.weight"], p[pre + "ln_2.bias"], eps)
        h = gelu_tanh(h @ p[pre + "mlp.c_fc.weight"] + p[pre + "mlp.c_fc.bias"])
        x = x + h @ p[pre + "mlp.c_proj.weight"] + p[pre + "mlp.c_proj.bias"]
    x = F.layer_norm(x, (C,), p["transformer.ln_f.weight"], p["transformer.ln_f.bias"], eps)
    return x @ p["transformer.wte.weight"].t()


def loss_and_accuracy(logits, targets):
    w = torch.tensor(WEIGHTS, dtype=torch.float32)
    per_token = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none")
    loss = (per_token * w.reshape(-1)).sum() / w.sum()
    hits = (logits.argmax(-1) == targets).float() * w
    return loss, (hits.sum() / w.sum()).item()


def init(shapes, gen):
    p = {}
    for name, shape in shapes.items():
        if "norm" in name or "ln_" in name:
            t = (1.0 + 0.1 * torch.randn(shape, generator=gen)) if name.endswith("weight") \
                else 0.1 * torch.randn(shape, generator=gen)
        elif name.endswith("bias"):
            t = 0.1 * torch.randn(shape, generator=gen)
        else:
            t = 0.2 * torch.randn(shape, generator=gen)
        p[name] = t.requires_grad_(True)
    return p


def llama_shapes(cfg):
    C, NH, KVH, FF, V = (cfg[k] for k in ("hidden_size", "num_attention_heads", "num_key_value_heads",
                                          "intermediate_size", "vocab_size"))
    hs = cfg.get("head_dim", C // NH)
    qwen2 = cfg["architectures"][0] == "Qwen2ForCausalLM"
    s = {"model.embed_tokens.weight": (V, C)}
    for l in range(cfg["num_hidden_layers"]):
        pre = f"model.layers.{l}."
        s[pre + "input_layernorm.weight"] = (C,)
        s[pre + "self_attn.q_proj.weight"] = (NH * hs, C)
        s[pre + "self_attn.k_proj.weight"] = (KVH * hs, C)
        s[pre + "self_attn.v_proj.weight"] = (KVH * hs, C)
        if qwen2:
            s[pre + "self_attn.q_proj.bias"] = (NH * hs,)
            s[pre + "self_attn.k_proj.bias"] = (KVH * hs,)
            s[pre + "self_attn.v_proj.bias"] = (KVH * hs,)
        if cfg["architectures"][0] == "Qwen3ForCausalLM":
            s[pre + "self_attn.q_norm.weight"] = (hs,)
            s[pre + "self_attn.k_norm.weight"] = (hs,)
        s[pre + "self_attn.o_proj.weight"] = (C, NH * hs)
        s[pre + "post_attention_layernorm.weight"] = (C,)
        s[pre + "mlp.gate_proj.weight"] = (FF, C)
        s[pre + "mlp.up_proj.weight"] = (FF, C)
        s[pre + "mlp.down_proj.weight"] = (C, FF)
    s["model.norm.weight"] = (C,)
    if not cfg["tie_word_embeddings"]:
        s["lm_head.weight"] = (V, C)
    return s


def gpt2_shapes(cfg):
    C, V, FF = cfg["n_embd"], cfg["vocab_size"], 4 * cfg["n_embd"]
    s = {"transformer.wte.weight": (V, C), "transformer.wpe.weight": (cfg["n_positions"], C)}
    for l in range(cfg["n_layer"]):
        pre = f"transformer.h.{l}."
        s.update({pre + "ln_1.weight": (C,), pre + "ln_1.bias": (C,),
                  pre + "attn.c_attn.weight": (C, 3 * C), pre + "attn.c_attn.bias": (3 * C,),
                  pre + "attn.c_proj.weight": (C, C), pre + "attn.c_proj.bias": (C,),
                  pre + "ln_2.weight": (C,), pre + "ln_2.bias": (C,),
                  pre + "mlp.c_fc.weight": (C, FF), pre + "mlp.c_fc.bias": (FF,),
                  pre + "mlp.c_proj.weight": (FF, C), pre + "mlp.c_proj.bias": (C,)})
    s["transformer.ln_f.weight"] = (C,)
    s["transformer.ln_f.bias"] = (C,)
    return s


def make(name, cfg, shapes, forward, seed):
    gen = torch.Generator().manual_seed(seed)
    p = init(shapes, gen)
    V = cfg["vocab_size"]
    tokens = torch.randint(0, V, (B, T), generator=gen)
    targets = torch.randint(0, V, (B, T), generator=gen)
    out = os.path.join(ROOT, name)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    write_safetensors(os.path.join(out, "model.safetensors"), p, {"format": "pt"})

    logits = forward(p, cfg, tokens)
    loss, acc = loss_and_accuracy(logits, targets)
    loss.backward()
    golden = {"logits": logits}
    golden.update({"grad." + n: t.grad for n, t in p.items()})
    write_safetensors(os.path.join(out, "golden.safetensors"), golden)

    opt = torch.optim.AdamW(list(p.values()), **ADAMW)
    losses = []
    for _ in range(5):
        opt.zero_grad()
        step_loss, _ = loss_and_accuracy(forward(p, cfg, tokens), targets)
        losses.append(step_loss.item())
        step_loss.backward()
        opt.step()
    with open(os.path.join(out, "golden.json"), "w") as f:
        json.dump({"script": "bench/reference/make_golden.py", "B": B, "T": T,
                   "tokens": tokens.flatten().tolist(), "targets": targets.flatten().tolist(),
                   "positions": sum(POSITIONS, []), "segments": sum(SEGMENTS, []),
                   "loss_weights": sum(WEIGHTS, []), "loss": loss.item(), "accuracy": acc,
                   "adamw": {"lr": ADAMW["lr"], "beta1": ADAMW["betas"][0], "beta2": ADAMW["betas"][1],
                             "eps": ADAMW["eps"], "weight_decay": ADAMW["weight_decay"],
                             "decay_applies_to": "every tensor"},
                   "adamw_losses": losses}, f, indent=1)
    print(f"{name}: loss {loss.item():.6f}, accuracy {acc:.3f}, 5 AdamW steps {losses}")


def make_lora(name, base_seed, targets, r, alpha, seed):
    """A LoRA adapter on a frozen fixture model, in PEFT's saved layout, with logits and adapter grads.

    Writes golden/<name>/lora/: adapter_config.json, adapter_model.safetensors and golden.safetensors
    (logits and grad.<PEFT tensor name>); the batch is the model's golden.json batch.
    """
    out = os.path.join(ROOT, name)
    with open(os.path.join(out, "config.json")) as f:
        cfg = json.load(f)
    with open(os.path.join(out, "golden.json")) as f:
        g = json.load(f)
    gen = torch.Generator().manual_seed(seed)
    shapes = llama_shapes(cfg)
    # the same draw as make(name, ..., base_seed) did first: the weights in model.safetensors
    p = {n: t.detach() for n, t in init(shapes, torch.Generator().manual_seed(base_seed)).items()}
    lora = {"scale": alpha / r, "A": {}, "B": {}}
    tensors = {}
    for l in range(cfg["num_hidden_layers"]):
        for module in targets:
            path = f"model.layers.{l}.{module}"
            out_f, in_f = shapes[path + ".weight"]
            a = (torch.rand((r, in_f), generator=gen) * 2 - 1) / math.sqrt(in_f)
            b = 0.1 * torch.randn((out_f, r), generator=gen)  # trained-looking B (PEFT starts it at 0)
            lora["A"][path] = a.requires_grad_(True)
            lora["B"][path] = b.requires_grad_(True)
            tensors[f"base_model.model.{path}.lora_A.weight"] = lora["A"][path]
            tensors[f"base_model.model.{path}.lora_B.weight"] = lora["B"][path]
    tokens = torch.tensor(g["tokens"]).view(B, T)
    targets_t = torch.tensor(g["targets"]).view(B, T)
    logits = llama_forward(p, cfg, tokens, lora)
    loss, _ = loss_and_accuracy(logits, targets_t)
    loss.backward()
    lora_dir = os.path.join(out, "lora")
    os.makedirs(lora_dir, exist_ok=True)
    write_safetensors(os.path.join(lora_dir, "adapter_model.safetensors"), tensors, {"format": "pt"})
    golden = {"logits": logits}
    golden.update({"grad." + n: t.grad for n, t in tensors.items()})
    write_safetensors(os.path.join(lora_dir, "golden.safetensors"), golden)
    with open(os.path.join(lora_dir, "adapter_config.json"), "w") as f:
        json.dump({"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": r, "lora_alpha": alpha,
                   "lora_dropout": 0.0, "target_modules": sorted(m.split(".")[-1] for m in targets),
                   "bias": "none", "fan_in_fan_out": False, "base_model_name_or_path": name}, f, indent=2)
    with open(os.path.join(lora_dir, "golden.json"), "w") as f:
        json.dump({"script": "bench/reference/make_golden.py", "loss": loss.item()}, f, indent=1)
    print(f"{name}/lora: loss {loss.item():.6f}")


def main():
    torch.manual_seed(0)
    llama = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 32,
             "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
             "intermediate_size": 32, "max_position_embeddings": 64, "rms_norm_eps": 1e-5,
             "rope_theta": 10000.0, "hidden_act": "silu", "tie_word_embeddings": False,
             "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                              "high_freq_factor": 4.0, "original_max_position_embeddings": 64}}
    make("llama", llama, llama_shapes(llama), llama_forward, 1)
    make_lora("llama", 1, ["self_attn.q_proj", "self_attn.v_proj", "mlp.down_proj"], 4, 8, 5)
    qwen2 = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 32,
             "hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 4, "num_key_value_heads": 1,
             "intermediate_size": 32, "max_position_embeddings": 64, "rms_norm_eps": 1e-6,
             "rope_theta": 1000000.0, "hidden_act": "silu", "tie_word_embeddings": True}
    make("qwen2", qwen2, llama_shapes(qwen2), llama_forward, 2)
    qwen3 = {"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "vocab_size": 32,
             "hidden_size": 32, "num_hidden_layers": 1, "num_attention_heads": 4, "num_key_value_heads": 2,
             "head_dim": 16, "intermediate_size": 32, "max_position_embeddings": 64, "rms_norm_eps": 1e-6,
             "rope_theta": 1000000.0, "hidden_act": "silu", "tie_word_embeddings": True,
             "attention_bias": False}
    make("qwen3", qwen3, llama_shapes(qwen3), llama_forward, 3)
    gpt2 = {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": 32, "n_embd": 24,
            "n_head": 3, "n_layer": 2, "n_positions": 8, "layer_norm_epsilon": 1e-5,
            "activation_function": "gelu_new"}
    make("gpt2", gpt2, gpt2_shapes(gpt2), gpt2_forward, 4)


if __name__ == "__main__":
    main()
