package dev.hone.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hone.engine.layer.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

/**
 * {@link Gemm} against a scalar fma chain in k order, bitwise, on shapes that cross every block edge:
 * more than one K block ({@value Gemm#KC}), row block ({@value Gemm#MC}) and panel group, row tails
 * of every size below 8, a partial last panel (one or two vectors wide, or ragged), strided and
 * transposed A and B views (a transposed A is packed into row tiles when a thread owns enough panels,
 * read in place otherwise), the column
 * split and the row split across threads, and B packed ahead of time.
 */
class GemmTest {

    /** out[i*ldc + j] += Σ_k a[i*ars + k*aks] · B[k, j], one fma chain per element in k order. */
    private static void reference(float[] out, int ldc, float[] a, int ars, int aks, float[] b, int ldb,
                                  Gemm.BLayout layout, int M, int N, int K) {
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                float acc = out[i * ldc + j];
                for (int k = 0; k < K; k++) {
                    float bkj = layout == Gemm.BLayout.ROWS ? b[k * ldb + j] : b[j * ldb + k];
                    acc = Math.fma(a[i * ars + k * aks], bkj, acc);
                }
                out[i * ldc + j] = acc;
            }
        }
    }

    @ParameterizedTest(name = "M={0} N={1} K={2} {3} transposedA={4}")
    @CsvSource({
        "1,1,1,ROWS,false", "7,47,3,ROWS,false", "15,49,5,TRANSPOSED,false", "150,500,520,ROWS,false",
        "150,500,520,TRANSPOSED,false", "133,97,257,TRANSPOSED,true", "263,40,300,ROWS,true", "141,600,300,ROWS,true",
        "300,96,100,ROWS,false", "12,1000,33,TRANSPOSED,false", "21,30,513,ROWS,false",
        // last panel one or two vectors wide on AVX-512 (attention's head size 64): the narrow kernels
        "37,64,70,ROWS,false", "45,80,129,TRANSPOSED,true", "64,64,64,TRANSPOSED,false"})
    void matchesTheFmaChainBitwiseForAnyThreadCount(int M, int N, int K, Gemm.BLayout layout, boolean transposedA) {
        Random rng = new Random(M * 1_000_003L + N * 1009L + K);
        int ldc = N + 3;
        int lda = K + 5;
        int ldb = (layout == Gemm.BLayout.ROWS ? N : K) + 2;
        float[] a = GradCheck.random(rng, transposedA ? K * (M + 5) : M * lda, 1f);
        int ars = transposedA ? 1 : lda;
        int aks = transposedA ? M + 5 : 1;
        float[] b = GradCheck.random(rng, (layout == Gemm.BLayout.ROWS ? K : N) * ldb, 1f);
        float[] out0 = GradCheck.random(rng, M * ldc, 1f);
        float[] expected = out0.clone();
        reference(expected, ldc, a, ars, aks, b, ldb, layout, M, N, K);
        for (int threads = 1; threads <= 3; threads++) {
            float[] out = out0.clone();
            Gemm.multiplyAdd(out, 0, ldc, a, 0, ars, aks, b, 0, ldb, layout, M, N, K, threads);
            assertArrayEquals(expected, out, "threads=" + threads);
            float[] viaPacked = out0.clone();
            PackedB packed = PackedB.of(b, 0, ldb, layout, K, N, threads);
            Gemm.multiplyAdd(viaPacked, 0, ldc, a, 0, ars, aks, packed, M, threads);
            assertArrayEquals(expected, viaPacked, "prepacked, threads=" + threads);
        }
    }
}
