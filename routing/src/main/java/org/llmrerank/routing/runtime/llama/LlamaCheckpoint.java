package org.llmrerank.routing.runtime.llama;

import java.nio.file.Path;
import org.llmrerank.routing.hf.CheckpointDirectory;
import org.llmrerank.routing.hf.SafetensorsCheckpoint;

/**
 * A Llama-family Hugging Face checkpoint folder: its config and its tensors under the Hugging Face
 * names, each read (and shape-checked against the config) when asked for, so the engine can copy
 * one tensor at a time instead of holding the whole model twice.
 */
public final class LlamaCheckpoint {

    private final CheckpointDirectory dir;
    private final LlamaConfig config;
    private final SafetensorsCheckpoint tensors;

    private LlamaCheckpoint(CheckpointDirectory dir, LlamaConfig config, SafetensorsCheckpoint tensors) {
        this.dir = dir;
        this.config = config;
        this.tensors = tensors;
    }

    public static LlamaCheckpoint open(Path directory) {
        CheckpointDirectory dir = CheckpointDirectory.of(directory);
        return new LlamaCheckpoint(dir, LlamaConfig.read(dir), SafetensorsCheckpoint.open(dir));
    }

    public CheckpointDirectory directory() {
        return dir;
    }

    public LlamaConfig config() {
        return config;
    }

    /** {@code [vocab, hidden]}. */
    public float[] embeddings() {
        return tensors.floats("model.embed_tokens.weight", config.vocab(), config.hidden());
    }

    /** {@code [vocab, hidden]}: the embedding matrix itself when tied. */
    public float[] lmHead() {
        if (config.tieWordEmbeddings() && !tensors.has("lm_head.weight")) {
            return embeddings();
        }
        return tensors.floats("lm_head.weight", config.vocab(), config.hidden());
    }

    public float[] finalNorm() {
        return tensors.floats("model.norm.weight", config.hidden());
    }

    /** A weight of block {@code layer}, e.g. {@code self_attn.q_proj.weight}, in PyTorch's {@code [out, in]}. */
    public float[] layer(int layer, Tensor t) {
        return tensors.floats("model.layers." + layer + "." + t.suffix, t.shape(config));
    }

    /**
     * The per-layer tensors the runtime reads. Biases exist only where {@link LlamaConfig#qkvBias()}, the per-head
     * query/key norms only for Qwen3, the feed-forward norms only for Gemma 2 ({@link #present}). In Gemma 2,
     * {@code post_attention_layernorm} normalises the attention output; elsewhere it is the MLP's input norm.
     */
    public enum Tensor {
        INPUT_NORM("input_layernorm.weight"),
        Q("self_attn.q_proj.weight"), Q_BIAS("self_attn.q_proj.bias"),
        K("self_attn.k_proj.weight"), K_BIAS("self_attn.k_proj.bias"),
        V("self_attn.v_proj.weight"), V_BIAS("self_attn.v_proj.bias"),
        O("self_attn.o_proj.weight"),
        POST_NORM("post_attention_layernorm.weight"),
        GATE("mlp.gate_proj.weight"), UP("mlp.up_proj.weight"), DOWN("mlp.down_proj.weight"),
        Q_NORM("self_attn.q_norm.weight"), K_NORM("self_attn.k_norm.weight"),
        PRE_FFN_NORM("pre_feedforward_layernorm.weight"), POST_FFN_NORM("post_feedforward_layernorm.weight");

        final String suffix;

        Tensor(String suffix) {
            this.suffix = suffix;
        }

        /** Whether a checkpoint of this config has the tensor. */
        public boolean present(LlamaConfig c) {
            return switch (this) {
                case Q_BIAS, K_BIAS, V_BIAS -> c.qkvBias();
                case Q_NORM, K_NORM -> c.variant().qkNorm();
                case PRE_FFN_NORM, POST_FFN_NORM -> c.variant().sandwichNorms();
                default -> true;
            };
        }

        /** An RMSNorm weight (a vector), as opposed to a projection or a bias. */
        public boolean isNorm() {
            return this == INPUT_NORM || this == POST_NORM || this == Q_NORM || this == K_NORM
                    || this == PRE_FFN_NORM || this == POST_FFN_NORM;
        }

        long[] shape(LlamaConfig c) {
            long d = c.hidden();
            long q = (long) c.heads() * c.headDim();
            long kv = (long) c.kvHeads() * c.headDim();
            long ff = c.intermediate();
            return switch (this) {
                case INPUT_NORM, POST_NORM, PRE_FFN_NORM, POST_FFN_NORM -> new long[] {d};
                case Q_NORM, K_NORM -> new long[] {c.headDim()};
                case Q -> new long[] {q, d};
                case Q_BIAS -> new long[] {q};
                case K, V -> new long[] {kv, d};
                case K_BIAS, V_BIAS -> new long[] {kv};
                case O -> new long[] {d, q};
                case GATE, UP -> new long[] {ff, d};
                case DOWN -> new long[] {d, ff};
            };
        }
    }
}
