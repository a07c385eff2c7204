package org.llmrerank.routing.runtime.t5;

import java.nio.file.Path;
import org.llmrerank.routing.hf.CheckpointDirectory;
import org.llmrerank.routing.hf.SafetensorsCheckpoint;

/** A T5 checkpoint folder: config and tensors by their Hugging Face names, shape-checked when read. */
public final class T5Checkpoint {

    private final CheckpointDirectory dir;
    private final T5Config config;
    private final SafetensorsCheckpoint tensors;

    private T5Checkpoint(CheckpointDirectory dir, T5Config config, SafetensorsCheckpoint tensors) {
        this.dir = dir;
        this.config = config;
        this.tensors = tensors;
    }

    public static T5Checkpoint open(Path directory) {
        CheckpointDirectory dir = CheckpointDirectory.of(directory);
        return new T5Checkpoint(dir, T5Config.read(dir), SafetensorsCheckpoint.open(dir));
    }

    public CheckpointDirectory directory() {
        return dir;
    }

    public T5Config config() {
        return config;
    }

    /** {@code [vocab, d_model]}, shared by both stacks. */
    public float[] shared() {
        return tensors.floats("shared.weight", config.vocab(), config.dModel());
    }

    public float[] lmHead() {
        if (config.tieWordEmbeddings()) {
            return shared();
        }
        return tensors.floats("lm_head.weight", config.vocab(), config.dModel());
    }

    /** {@code [buckets, heads]} of a stack ({@code encoder} or {@code decoder}), stored in block 0. */
    public float[] relativeBias(String stack) {
        return tensors.floats(stack + ".block.0.layer.0.SelfAttention.relative_attention_bias.weight",
                config.buckets(), config.heads());
    }

    public float[] finalNorm(String stack) {
        return tensors.floats(stack + ".final_layer_norm.weight", config.dModel());
    }

    /** {@code <stack>.block.<b>.layer.<l>.<suffix>}, e.g. {@code SelfAttention.q.weight}. */
    public float[] tensor(String stack, int block, int layer, String suffix, long... shape) {
        return tensors.floats(stack + ".block." + block + ".layer." + layer + "." + suffix, shape);
    }

    /** The sub-layer index of the FFN: 1 in encoder blocks, 2 in decoder blocks (after cross-attention). */
    public static int ffnLayer(String stack) {
        return stack.equals("encoder") ? 1 : 2;
    }
}
