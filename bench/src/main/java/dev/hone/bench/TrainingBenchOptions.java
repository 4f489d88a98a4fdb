package dev.hone.bench;

import dev.hone.engine.model.ModelConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of {@link TrainingBench}: a model shape given by its dimensions (the same flags
 * {@code bench/reference/train_bench_torch.py} takes, so the shell harness passes one list to both), the
 * training method, the batch shape and the step counts. Not a general argument parser: every flag takes a
 * value except {@code --untied}.
 *
 * @param arch         {@code gpt2} or {@code llama}
 * @param lora         LoRA on every projection with a frozen bf16 base (else full fine-tuning)
 * @param config       the model shape
 * @param B            sequences per step
 * @param T            tokens per sequence
 * @param loraRank     LoRA rank r (alpha = 2r, no dropout)
 * @param warmup       steps run before timing (JIT warm-up, first-touch of buffers)
 * @param steps        timed steps, ≥ 1
 * @param seed         seeds weights and tokens
 * @param label        the variant name printed in the result line ({@code hone-fp32}, …)
 */
public record TrainingBenchOptions(String arch, boolean lora, ModelConfig config, int B, int T, int loraRank,
                                   int warmup, int steps, long seed, String label) {
    private static final Set<String> KNOWN = Set.of("--arch", "--mode", "--vocab", "--hidden",
            "--layers", "--heads", "--kv-heads", "--intermediate", "--context", "--untied", "--rope-theta",
            "--batch", "--seq", "--lora-rank", "--warmup", "--steps", "--seed", "--label");

    public TrainingBenchOptions {
        if (B < 1 || T < 1 || steps < 1 || warmup < 0 || loraRank < 1) {
            throw new IllegalArgumentException("need --batch, --seq, --steps, --lora-rank ≥ 1 and --warmup ≥ 0; found"
                    + " batch " + B + ", seq " + T + ", steps " + steps + ", lora rank " + loraRank + ", warmup "
                    + warmup);
        }
        if (T > config.maxT()) {
            throw new IllegalArgumentException("--seq " + T + " exceeds --context " + config.maxT()
                    + "; raise --context");
        }
    }

    /**
     * Parses {@code --arch gpt2|llama --mode full|lora --vocab V --hidden C --layers L --heads NH
     * [--kv-heads KVH] [--intermediate FF] [--context maxT] [--untied] [--rope-theta θ]
     * --batch B --seq T [--lora-rank r] [--warmup n] [--steps n] [--seed s] [--label name]}.
     *
     * @throws IllegalArgumentException naming the flag that is unknown, lacks a value or is malformed
     */
    public static TrainingBenchOptions parse(String... args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--untied")) {
                m.put(flag, "true");
            } else if (!flag.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --flag value pairs; found '" + flag + "'"
                        + (i + 1 >= args.length ? " without a value" : ""));
            } else {
                m.put(flag, args[++i]);
            }
        }
        String arch = m.getOrDefault("--arch", "llama");
        String mode = m.getOrDefault("--mode", "full");
        if (!mode.equals("full") && !mode.equals("lora")) {
            throw new IllegalArgumentException("--mode must be full or lora; found " + mode);
        }
        int C = number(m, "--hidden", -1);
        int NH = number(m, "--heads", -1);
        int V = number(m, "--vocab", -1);
        int L = number(m, "--layers", -1);
        int maxT = number(m, "--context", 2048);
        ModelConfig config = switch (arch) {
            case "gpt2" -> ModelConfig.gpt2(V, C, L, NH, maxT);
            case "llama" -> ModelConfig.llama(V, C, L, NH, number(m, "--kv-heads", NH),
                    number(m, "--intermediate", 4 * C), maxT, !m.containsKey("--untied"))
                    .withRope(Double.parseDouble(m.getOrDefault("--rope-theta", "10000")), null);
            default -> throw new IllegalArgumentException("--arch must be gpt2 or llama; found " + arch);
        };
        int rank = number(m, "--lora-rank", 16);
        String label = m.getOrDefault("--label", "hone-" + (mode.equals("lora") ? "lora" : "full"));
        TrainingBenchOptions o = new TrainingBenchOptions(arch, mode.equals("lora"), config, number(m, "--batch", -1),
                number(m, "--seq", -1), rank, number(m, "--warmup", 1), number(m, "--steps", 3),
                Long.parseLong(m.getOrDefault("--seed", "1234")), label);
        m.keySet().removeAll(KNOWN);
        if (!m.isEmpty()) {
            throw new IllegalArgumentException("unknown flags " + m.keySet() + "; known: " + KNOWN);
        }
        return o;
    }

    private static int number(Map<String, String> m, String flag, int dflt) {
        String v = m.get(flag);
        if (v == null) {
            if (dflt < 0) {
                throw new IllegalArgumentException(flag + " is required");
            }
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer; found '" + v + "'", e);
        }
    }

    /** Tokens one step trains on: B·T. */
    public long tokensPerStep() {
        return (long) B * T;
    }
}
