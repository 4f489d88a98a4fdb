package dev.hone.engine.model;

import dev.hone.engine.io.DType;
import dev.hone.engine.io.TensorStore;
import dev.hone.engine.kernel.Bf16Weight;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * Where a loader reads named tensors from: the subset of {@link TensorStore} the model loaders need,
 * so they can also be fed from memory in tests.
 */
public interface TensorSource {
    Set<String> names();

    /** Dimensions of a stored tensor. */
    long[] shape(String name);

    /** Values converted to fp32. */
    float[] floats(String name);

    /** The stored dtype; an in-memory source holds fp32 unless it says otherwise. */
    default DType dtype(String name) {
        return DType.F32;
    }

    /**
     * Values as bf16 bits: the stored bits when the tensor is bf16 (no fp32 copy is made), else
     * {@link #floats} rounded to nearest even.
     */
    default short[] bf16(String name) {
        float[] v = floats(name);
        short[] out = new short[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Bf16Weight.fromFloat(v[i]);
        }
        return out;
    }

    /** Reads from an open safetensors store. */
    static TensorSource of(TensorStore store) {
        return new TensorSource() {
            @Override
            public Set<String> names() {
                return store.names();
            }

            @Override
            public long[] shape(String name) {
                return store.shape(name);
            }

            @Override
            public float[] floats(String name) {
                return store.floats(name);
            }

            @Override
            public DType dtype(String name) {
                return store.dtype(name);
            }

            @Override
            public short[] bf16(String name) {
                if (store.dtype(name) != DType.BF16) {
                    return TensorSource.super.bf16(name);
                }
                MemorySegment bytes = store.bytes(name);
                short[] out = new short[Math.toIntExact(bytes.byteSize() / 2)];
                MemorySegment.copy(bytes, ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0,
                        out, 0, out.length);
                for (int i = 0; i < out.length; i++) {
                    if ((out[i] & 0x7F80) == 0x7F80) {
                        throw new UnableToLoadModelException("tensor " + name + " holds a non-finite value (NaN or"
                                + " infinity) at element " + i + "; expected finite weights. The checkpoint is corrupt:"
                                + " re-download or re-export it");
                    }
                }
                return out;
            }
        };
    }
}
