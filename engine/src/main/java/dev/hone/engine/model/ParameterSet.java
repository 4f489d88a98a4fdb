package dev.hone.engine.model;

import dev.hone.engine.io.DType;
import dev.hone.engine.kernel.Bf16Weight;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named parameters of a model in a fixed order (the order they were added), each one array with
 * its grad. The optimizer, {@code zeroGrad} and checkpoint saving iterate it; the model's layers hold
 * references to the same arrays, so updating {@code data} in place updates the model.
 */
public final class ParameterSet implements Iterable<Parameter> {
    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /** Allocates a zero tensor of the given shape, with a grad when {@code trainable}. */
    public Parameter allocate(String name, boolean trainable, int... shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return add(new Parameter(name, shape.clone(), new float[n], trainable ? new float[n] : null));
    }

    /** Allocates a frozen zero (rows, cols) tensor stored as bf16 (a frozen linear weight of a bf16 checkpoint). */
    public Parameter allocateBf16(String name, int rows, int cols) {
        return add(new Parameter(name, new int[] {rows, cols}, null, null, Bf16Weight.zeros(rows, cols)));
    }

    /** Adds an existing tensor (LoRA adapters register theirs this way); names must be unique. */
    public Parameter add(Parameter p) {
        if (byName.putIfAbsent(p.name(), p) != null) {
            throw new IllegalArgumentException("parameter " + p.name() + " is already registered");
        }
        return p;
    }

    /** The parameter called {@code name}; throws naming it and listing a few known names when absent. */
    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name + "; known: "
                    + byName.keySet().stream().limit(8).toList() + (byName.size() > 8 ? "…" : ""));
        }
        return p;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** Parameters that keep a grad (what the optimizer updates). */
    public List<Parameter> trainable() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : byName.values()) {
            if (p.trainable()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Sets every grad to zero. */
    public void zeroGrad() {
        for (Parameter p : byName.values()) {
            if (p.grad() != null) {
                Arrays.fill(p.grad(), 0f);
            }
        }
    }

    /** Total number of values (trainable or not). */
    public long count() {
        long n = 0;
        for (Parameter p : byName.values()) {
            n += p.size();
        }
        return n;
    }

    /** Bytes of values per storage dtype (grads not counted), in DType order; absent dtypes are omitted. */
    public Map<DType, Long> bytesByDtype() {
        Map<DType, Long> out = new EnumMap<>(DType.class);
        for (Parameter p : byName.values()) {
            out.merge(p.dtype(), p.bytes(), Long::sum);
        }
        return out;
    }

    public List<Parameter> all() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    @Override
    public Iterator<Parameter> iterator() {
        return all().iterator();
    }
}
