package org.llmrerank.routing.runtime.t5;

import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.routing.hf.CheckpointDirectory;
import org.llmrerank.routing.hf.CheckpointException;

/**
 * A T5 / T5 v1.1 / Flan-T5 encoder-decoder from its Hugging Face {@code config.json}. T5 blocks:
 * RMS-style LayerNorm without mean or bias, no biases anywhere, unscaled attention with a learned
 * relative position bias (bucketed, in the first block of each stack, shared by the others), and an
 * FFN that is ReLU (original T5) or gated-GELU (v1.1 / Flan, tanh-approximated GELU).
 *
 * @param tieWordEmbeddings original T5: the LM head is the embedding matrix and the decoder output
 *                          is scaled by {@code d_model^-0.5} first; Flan-T5 has a separate head
 */
public record T5Config(
        int dModel,
        int dKv,
        int dFf,
        int layers,
        int heads,
        int buckets,
        int maxDistance,
        double layerNormEps,
        boolean gatedGelu,
        boolean tieWordEmbeddings,
        int vocab,
        long decoderStartTokenId,
        long eosTokenId,
        Architecture architecture) {

    /** config.json model_type values of the encoder-decoders this runtime loads. */
    public static final Set<String> MODEL_TYPES = Set.of("t5");

    public static T5Config read(CheckpointDirectory dir) {
        return of(HfConfig.read(dir.resolve(HfConfig.FILE_NAME), dir.root() + "/" + HfConfig.FILE_NAME));
    }

    public static T5Config of(HfConfig config) {
        String source = config.source();
        String type = config.modelType();
        if (!MODEL_TYPES.contains(type)) {
            throw new CheckpointException(source + ": model_type '" + type + "' is not t5");
        }
        String proj = config.text("feed_forward_proj", "relu");
        if (!proj.equals("relu") && !proj.equals("gated-gelu")) {
            throw new CheckpointException(source + ": feed_forward_proj '" + proj + "' is not supported (relu, gated-gelu)");
        }
        Architecture arch = config.architecture(); // validates layer counts and shapes
        return new T5Config(arch.dModel(), config.integer("d_kv", 0), arch.dFf(), arch.nLayer(), arch.nHeads(),
                config.integer("relative_attention_num_buckets", 32),
                config.integer("relative_attention_max_distance", 128),
                config.number("layer_norm_epsilon", 1e-6), proj.equals("gated-gelu"),
                config.flag("tie_word_embeddings", true), arch.vocab(),
                config.longInteger("decoder_start_token_id", 0), config.longInteger("eos_token_id", 1), arch);
    }

    public int inner() {
        return heads * dKv;
    }

    /**
     * Hugging Face's {@code _relative_position_bucket} for {@code relative = key − query}: half the
     * buckets per direction when bidirectional (encoder), only the past for the decoder; exact
     * buckets below {@code max_exact}, log-spaced up to {@code max_distance}. The log step runs in
     * float32 as torch does, so bucket edges fall where they do in the original.
     */
    public int bucket(int relative, boolean bidirectional) {
        int n = buckets;
        int bucket = 0;
        int distance;
        if (bidirectional) {
            n /= 2;
            if (relative > 0) {
                bucket += n;
            }
            distance = Math.abs(relative);
        } else {
            distance = -Math.min(relative, 0);
        }
        int maxExact = n / 2;
        if (distance < maxExact) {
            return bucket + distance;
        }
        float ratio = (float) Math.log((float) distance / maxExact);
        float scaled = ratio / (float) Math.log((double) maxDistance / maxExact) * (float) (n - maxExact);
        return bucket + Math.min(maxExact + (int) scaled, n - 1);
    }
}
