package dev.hone.engine.model;

import dev.hone.engine.kernel.WeightVersions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Copies stored tensors into a model's {@link ParameterSet} (fp32 parameters get fp32 values; bf16
 * parameters get the stored bf16 bits, or values rounded to bf16 from another dtype), checking every key and shape first and
 * naming everything that is missing, misshapen or unexpected in one message. Family loaders
 * ({@code LlamaWeights}, {@code Gpt2Weights}) supply the name mapping. Reference: nanoGPT {@code from_pretrained}.
 */
public final class WeightLoader {
    private WeightLoader() {
    }

    /**
     * @param hfName     our short name → the stored (Hugging Face) name
     * @param transposed short names whose stored layout is (C, OC) rather than (OC, C) (GPT-2 Conv1D)
     * @param ignorable  stored names that may be present without a matching parameter (buffers, tied heads)
     */
    public static void load(ParameterSet params, TensorSource src, Function<String, String> hfName,
                            Set<String> transposed, Predicate<String> ignorable) {
        List<String> problems = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Parameter p : params) {
            String name = hfName.apply(p.name());
            used.add(name);
            if (!src.names().contains(name)) {
                problems.add("missing " + name + " " + Arrays.toString(storedShape(p, transposed)));
                continue;
            }
            long[] found = src.shape(name);
            long[] want = Arrays.stream(storedShape(p, transposed)).asLongStream().toArray();
            if (!Arrays.equals(found, want)) {
                problems.add(name + " has shape " + Arrays.toString(found) + ", expected " + Arrays.toString(want));
            }
        }
        for (String n : src.names()) {
            if (!used.contains(n) && !ignorable.test(n)) {
                problems.add("unexpected tensor " + n);
            }
        }
        if (!problems.isEmpty()) {
            throw new UnableToLoadModelException("the weights do not match the config.json: "
                    + String.join("; ", problems.subList(0, Math.min(12, problems.size())))
                    + (problems.size() > 12 ? "; and " + (problems.size() - 12) + " more" : "")
                    + ". Check that config.json belongs to these safetensors files");
        }
        for (Parameter p : params) {
            if (p.bf16() != null) {
                fillBf16(p, src.bf16(hfName.apply(p.name())), transposed.contains(p.name()));
                continue;
            }
            float[] v = src.floats(hfName.apply(p.name()));
            if (transposed.contains(p.name())) {
                int oc = p.shape()[0];
                int c = p.shape()[1];
                for (int i = 0; i < c; i++) {
                    for (int o = 0; o < oc; o++) {
                        p.data()[o * c + i] = v[i * oc + o];
                    }
                }
            } else {
                System.arraycopy(v, 0, p.data(), 0, v.length);
            }
            WeightVersions.changed(p.data());
        }
    }

    /** Copies stored bf16 bits into a bf16 parameter, transposing a (C, OC) Conv1D layout. */
    private static void fillBf16(Parameter p, short[] v, boolean transpose) {
        short[] dst = p.bf16().bits();
        if (!transpose) {
            System.arraycopy(v, 0, dst, 0, v.length);
            return;
        }
        int oc = p.shape()[0];
        int c = p.shape()[1];
        for (int i = 0; i < c; i++) {
            for (int o = 0; o < oc; o++) {
                dst[o * c + i] = v[i * oc + o];
            }
        }
    }

    private static int[] storedShape(Parameter p, Set<String> transposed) {
        return transposed.contains(p.name()) ? new int[] {p.shape()[1], p.shape()[0]} : p.shape();
    }
}
