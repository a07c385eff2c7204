package org.llmrerank.routing.crossencoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.llmrerank.routing.hf.CheckpointException;
import org.llmrerank.routing.hf.SafetensorsCheckpoint;
import org.llmrerank.routing.runtime.BertWeights;

/**
 * A cross-encoder's parameters as plain fp32 arrays: the encoder in {@link BertWeights}' layout (linear weights
 * {@code [in, out]}, positions from the first a token can take) and its {@link ClassificationHead}.
 */
public record CrossEncoderWeights(CrossEncoderShape shape, BertWeights encoder, ClassificationHead head) {

    /**
     * Checks that {@code checkpoint} holds every tensor of {@code shape} with the shape it must have, from the
     * headers alone (nothing is read from the weights).
     *
     * @throws CheckpointException naming the first tensor that is missing or misshapen
     */
    public static void checkHeaders(SafetensorsCheckpoint checkpoint, CrossEncoderShape shape) {
        for (Map.Entry<String, long[]> t : new CrossEncoderTensors(shape).all().entrySet()) {
            if (!checkpoint.has(t.getKey())) {
                throw new CheckpointException("checkpoint has no tensor '" + t.getKey() + "'");
            }
            long[] actual = checkpoint.shape(t.getKey());
            if (!Arrays.equals(actual, t.getValue())) {
                throw new CheckpointException("tensor '" + t.getKey() + "' has shape " + Arrays.toString(actual)
                    + ", config.json implies " + Arrays.toString(t.getValue()));
            }
        }
    }

    /** Reads every tensor of {@code shape} from {@code checkpoint}, widened to fp32. */
    public static CrossEncoderWeights read(SafetensorsCheckpoint checkpoint, CrossEncoderShape shape) {
        checkHeaders(checkpoint, shape);
        CrossEncoderTensors names = new CrossEncoderTensors(shape);
        Reader r = new Reader(checkpoint, names.all());
        int d = shape.encoder().hidden();
        // RoBERTa's table rows below pad_token_id + 1 are never a token's position: position 0 is the row after them
        float[] table = r.floats(names.positionEmbeddings());
        float[] positions = Arrays.copyOfRange(table, shape.positionOffset() * d, table.length);
        List<BertWeights.Layer> layers = new ArrayList<>();
        for (int i = 0; i < shape.encoder().layers(); i++) {
            layers.add(new BertWeights.Layer(r.linear(names.block(i, "attention.self.query.")), r.linear(names.block(i, "attention.self.key.")),
                r.linear(names.block(i, "attention.self.value.")), r.linear(names.block(i, "attention.output.dense.")),
                r.norm(names.block(i, "attention.output.LayerNorm.")), r.linear(names.block(i, "intermediate.dense.")),
                r.linear(names.block(i, "output.dense.")), r.norm(names.block(i, "output.LayerNorm."))));
        }
        BertWeights encoder = new BertWeights(shape.encoder(), r.floats(names.wordEmbeddings()), positions,
            r.floats(names.typeEmbeddings()), r.norm(names.embeddingNorm()), layers);
        return new CrossEncoderWeights(shape, encoder, new ClassificationHead(r.linear(names.headDense()), r.linear(names.headOut())));
    }

    /** Reads tensors at the shapes {@link CrossEncoderTensors} gives them. */
    private record Reader(SafetensorsCheckpoint checkpoint, Map<String, long[]> shapes) {

        float[] floats(String name) {
            return checkpoint.floats(name, shapes.get(name));
        }

        /** PyTorch's {@code [out, in]} weight transposed to {@code [in, out]}. */
        BertWeights.Linear linear(String prefix) {
            long[] s = shapes.get(prefix + "weight");
            int out = (int) s[0];
            int in = (int) s[1];
            float[] w = floats(prefix + "weight");
            float[] t = new float[w.length];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    t[i * out + o] = w[o * in + i];
                }
            }
            return new BertWeights.Linear(in, out, t, floats(prefix + "bias"));
        }

        BertWeights.Norm norm(String prefix) {
            return new BertWeights.Norm(floats(prefix + "weight"), floats(prefix + "bias"));
        }
    }
}
