package org.llmrerank.routing.runtime.llama;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.routing.hf.CheckpointDirectory;
import org.llmrerank.routing.hf.CheckpointException;

/**
 * The shape of a Llama-family decoder from its Hugging Face {@code config.json}. Llama, Mistral
 * (without sliding window) and Qwen2 share the block: RMSNorm, RoPE (rotate-half layout), GQA,
 * SwiGLU. They differ in Q/K/V biases (Qwen2 always, Llama when {@code attention_bias}) and in
 * tied embeddings. Qwen3 and Gemma / Gemma 2 keep that block and change details of it, described
 * by {@link Variant}.
 *
 * @param ropeScaling null, or Llama 3's {@code rope_scaling} ({@code rope_type: llama3})
 * @param eosTokenIds {@code eos_token_id}, one id or a list (Llama 3 instruct ends turns with
 *                    {@code <|eot_id|>}, the last of three); empty when absent. Generation stops at any.
 */
public record LlamaConfig(
        String modelType,
        int hidden,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int intermediate,
        double rmsNormEps,
        double ropeTheta,
        int vocab,
        boolean tieWordEmbeddings,
        int maxPositions,
        boolean qkvBias,
        Llama3RopeScaling ropeScaling,
        long[] eosTokenIds,
        Architecture architecture,
        Variant variant) {

    /** config.json model_type values of the decoders this runtime loads. */
    public static final Set<String> MODEL_TYPES = Set.of("llama", "qwen2", "mistral", "qwen3", "gemma", "gemma2");

    /** Llama 3.x frequency-dependent RoPE rescaling. */
    public record Llama3RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {}

    public static LlamaConfig read(CheckpointDirectory dir) {
        return of(HfConfig.read(dir.resolve(HfConfig.FILE_NAME), dir.root() + "/" + HfConfig.FILE_NAME));
    }

    public static LlamaConfig of(HfConfig config) {
        String source = config.source();
        String type = config.modelType();
        if (!MODEL_TYPES.contains(type)) {
            throw new CheckpointException(source + ": model_type '" + type + "' is not a Llama-family decoder " + MODEL_TYPES);
        }
        if (type.equals("mistral") && config.hasValue("sliding_window")) {
            throw new CheckpointException(source + ": Mistral sliding-window attention is not implemented");
        }
        if (config.flag("use_sliding_window", false)) {
            throw new CheckpointException(source + ": sliding-window attention is not implemented");
        }
        Architecture arch = config.architecture(); // also validates the shape fields
        int hidden = arch.dModel();
        int heads = arch.nHeads();
        int headDim = arch.dAttn() / heads;
        boolean gemma = type.startsWith("gemma");
        boolean bias = type.equals("qwen2") || config.flag("attention_bias", false);
        return new LlamaConfig(type, hidden, arch.nLayer(), heads, arch.nKvHeads(), headDim, arch.dFf(),
                config.positiveNumber("rms_norm_eps", 1e-6), config.positiveNumber("rope_theta", 10000.0),
                arch.vocab(), config.flag("tie_word_embeddings", gemma),
                config.integer("max_position_embeddings", Integer.MAX_VALUE), bias,
                ropeScaling(config.node("rope_scaling"), source), eos(config.node("eos_token_id")), arch,
                Variant.parse(type, config, hidden, arch.nLayer()));
    }

    /** What the non-Llama families change in the block (see {@link Variant#parse}). */
    public enum Activation { SILU, GELU_TANH }

    /**
     * The per-family changes to the Llama block, all off for Llama / Mistral / Qwen2:
     * <ul>
     *   <li>{@code qkNorm} (Qwen3): an RMSNorm over each head's query and key, before RoPE;</li>
     *   <li>{@code normPlusOne} (Gemma): RMSNorm scales by {@code 1 + weight} (weights stored as offsets from 1);</li>
     *   <li>{@code embeddingScale} (Gemma): token embeddings multiplied by {@code sqrt(hidden)} (1 otherwise);</li>
     *   <li>{@code activation}: SiLU (SwiGLU) or tanh-approximated GELU (GeGLU, Gemma);</li>
     *   <li>{@code sandwichNorms} (Gemma 2): an RMSNorm on the attention output and on the MLP's input and
     *       output, so four norms per block;</li>
     *   <li>{@code attentionSoftcap}, {@code finalSoftcap} (Gemma 2): {@code cap · tanh(x / cap)} on the
     *       attention scores and on the logits, 0 when off;</li>
     *   <li>{@code queryPreAttnScalar} (Gemma 2): scores scaled by its inverse square root instead of the head
     *       dimension's, 0 when off;</li>
     *   <li>{@code slidingWindow} (Gemma 2): on the layers {@code slidingLayers} marks, a query sees only the
     *       last {@code slidingWindow} positions (itself included), 0 when off.</li>
     * </ul>
     */
    public record Variant(boolean qkNorm, boolean normPlusOne, double embeddingScale, Activation activation,
                          boolean sandwichNorms, double attentionSoftcap, double finalSoftcap, double queryPreAttnScalar,
                          int slidingWindow, boolean[] slidingLayers) {

        public static final Variant LLAMA = new Variant(false, false, 1, Activation.SILU, false, 0, 0, 0, 0, null);

        static Variant parse(String type, HfConfig config, int hidden, int layers) {
            Activation act = activation(type, config);
            return switch (type) {
                case "qwen3" -> new Variant(true, false, 1, act, false, 0, 0, 0, 0, null);
                case "gemma" -> new Variant(false, true, Math.sqrt(hidden), act, false, 0, 0, 0, 0, null);
                case "gemma2" -> {
                    int window = config.integer("sliding_window", 4096);
                    yield new Variant(false, true, Math.sqrt(hidden), act, true,
                            optional(config, "attn_logit_softcapping", 50.0),
                            optional(config, "final_logit_softcapping", 30.0),
                            optional(config, "query_pre_attn_scalar", 256), window,
                            gemma2SlidingLayers(config.node("layer_types"), layers, config.source()));
                }
                default -> LLAMA;
            };
        }

        /** Whether {@code layer} attends through the sliding window. */
        public boolean sliding(int layer) {
            return slidingWindow > 0 && slidingLayers != null && slidingLayers[layer];
        }

        /**
         * Gemma 2 alternates: even layers slide, odd layers see everything, unless {@code layer_types}
         * names each layer ("sliding_attention" / "full_attention").
         */
        private static boolean[] gemma2SlidingLayers(JsonNode types, int layers, String source) {
            boolean[] sliding = new boolean[layers];
            if (types == null || types.isNull()) {
                for (int l = 0; l < layers; l++) {
                    sliding[l] = l % 2 == 0;
                }
                return sliding;
            }
            if (!types.isArray() || types.size() != layers) {
                throw new CheckpointException(source + ": layer_types must list one type per layer (" + layers + ")");
            }
            for (int l = 0; l < layers; l++) {
                String t = types.get(l).asText("");
                if (!t.equals("sliding_attention") && !t.equals("full_attention")) {
                    throw new CheckpointException(source + ": layer_types[" + l + "] '" + t + "' is not supported");
                }
                sliding[l] = t.equals("sliding_attention");
            }
            return sliding;
        }

        /**
         * The MLP activation. Gemma's MLP reads {@code hidden_activation} and falls back to the tanh-approximated
         * GELU the models were trained with, whatever {@code hidden_act} says (early Gemma configs say an exact
         * {@code gelu} there, which Hugging Face's Gemma code overrides); other families read {@code hidden_act}.
         */
        private static Activation activation(String type, HfConfig config) {
            String name = type.startsWith("gemma") ? config.text("hidden_activation", "gelu_pytorch_tanh")
                    : config.text("hidden_act", "silu");
            return switch (name) {
                case "silu" -> Activation.SILU;
                case "gelu_pytorch_tanh", "gelu_new" -> Activation.GELU_TANH;
                default -> throw new CheckpointException(config.source() + ": activation '" + name
                        + "' is not supported (silu, gelu_pytorch_tanh)");
            };
        }

        /** A positive number, the default when absent, 0 (off) when null. */
        private static double optional(HfConfig config, String field, double fallback) {
            if (!config.contains(field)) {
                return fallback;
            }
            return config.hasValue(field) ? config.positiveNumber(field, fallback) : 0;
        }
    }

    private static Llama3RopeScaling ropeScaling(JsonNode n, String source) {
        if (n == null || n.isNull()) {
            return null;
        }
        String kind = n.path("rope_type").asText(n.path("type").asText(""));
        if (kind.equals("default")) {
            return null;
        }
        if (!kind.equals("llama3")) {
            throw new CheckpointException(source + ": rope_scaling type '" + kind + "' is not supported (llama3)");
        }
        return new Llama3RopeScaling(n.path("factor").asDouble(8), n.path("low_freq_factor").asDouble(1),
                n.path("high_freq_factor").asDouble(4), n.path("original_max_position_embeddings").asInt(8192));
    }

    private static long[] eos(JsonNode n) {
        if (n == null || n.isNull()) {
            return new long[0];
        }
        if (!n.isArray()) {
            return n.canConvertToLong() ? new long[] {n.asLong()} : new long[0];
        }
        long[] ids = new long[n.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = n.get(i).asLong();
        }
        return ids;
    }

    /** Query heads sharing one K/V head. */
    public int groups() {
        return heads / kvHeads;
    }

    /**
     * RoPE inverse frequencies {@code theta^(-2i/headDim)}, i = 0..headDim/2-1, with Llama 3's
     * rescaling when configured. Shared by the runtime and the float64 reference: it is a config
     * formula, not part of the forward pass under test.
     */
    public double[] inverseFrequencies() {
        int half = headDim / 2;
        double[] f = new double[half];
        for (int i = 0; i < half; i++) {
            f[i] = 1.0 / Math.pow(ropeTheta, (2.0 * i) / headDim);
        }
        if (ropeScaling != null) {
            Llama3RopeScaling s = ropeScaling;
            double lowWavelen = s.originalMaxPositions() / s.lowFreqFactor();
            double highWavelen = s.originalMaxPositions() / s.highFreqFactor();
            for (int i = 0; i < half; i++) {
                double wavelen = 2 * Math.PI / f[i];
                if (wavelen > lowWavelen) {
                    f[i] = f[i] / s.factor();
                } else if (wavelen >= highWavelen) {
                    double smooth = (s.originalMaxPositions() / wavelen - s.lowFreqFactor())
                            / (s.highFreqFactor() - s.lowFreqFactor());
                    f[i] = (1 - smooth) * f[i] / s.factor() + smooth * f[i];
                }
            }
        }
        return f;
    }
}
