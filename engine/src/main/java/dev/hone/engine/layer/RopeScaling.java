package dev.hone.engine.layer;

/**
 * Llama-3 style {@code rope_scaling} ({@code rope_type: "llama3"}): low frequencies are divided by
 * {@code factor}, high ones are kept, the band between is blended. Reference: HF
 * {@code _compute_llama3_parameters} in {@code modeling_rope_utils.py}.
 *
 * @param factor                         divisor for low frequencies, > 0
 * @param lowFreqFactor                  wavelengths above originalMaxPositions/lowFreqFactor are scaled
 * @param highFreqFactor                 wavelengths below originalMaxPositions/highFreqFactor are kept
 * @param originalMaxPositions           the context length the frequencies were trained for
 */
public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {
    public RopeScaling {
        if (!(factor > 0) || !(highFreqFactor > lowFreqFactor) || originalMaxPositions <= 0) {
            throw new IllegalArgumentException("rope_scaling needs factor > 0, high_freq_factor > low_freq_factor"
                    + " and original_max_position_embeddings > 0; found factor=" + factor + ", low_freq_factor="
                    + lowFreqFactor + ", high_freq_factor=" + highFreqFactor
                    + ", original_max_position_embeddings=" + originalMaxPositions);
        }
    }

    /** Applies the Llama-3 rule to one inverse frequency. */
    double apply(double invFreq) {
        double lowFreqWavelen = originalMaxPositions / lowFreqFactor;
        double highFreqWavelen = originalMaxPositions / highFreqFactor;
        double wavelen = 2 * Math.PI / invFreq;
        if (wavelen < highFreqWavelen) {
            return invFreq;
        }
        if (wavelen > lowFreqWavelen) {
            return invFreq / factor;
        }
        double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
        return (1 - smooth) * invFreq / factor + smooth * invFreq;
    }
}
