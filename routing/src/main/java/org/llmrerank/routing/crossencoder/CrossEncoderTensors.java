package org.llmrerank.routing.crossencoder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a Hugging Face {@code *ForSequenceClassification} checkpoint of a {@link CrossEncoderShape}, by name,
 * with the shape each must have (PyTorch's layout: linear weights {@code [out, in]}). One list for the loader, the
 * registration's check of a checkpoint's header and the stand-in writer, so the three cannot disagree.
 */
public final class CrossEncoderTensors {

    private final CrossEncoderShape shape;

    public CrossEncoderTensors(CrossEncoderShape shape) {
        this.shape = shape;
    }

    public String wordEmbeddings() {
        return encoder() + "embeddings.word_embeddings.weight";
    }

    public String positionEmbeddings() {
        return encoder() + "embeddings.position_embeddings.weight";
    }

    public String typeEmbeddings() {
        return encoder() + "embeddings.token_type_embeddings.weight";
    }

    /** {@code weight} and {@code bias} follow. */
    public String embeddingNorm() {
        return encoder() + "embeddings.LayerNorm.";
    }

    /** Block {@code i}'s module {@code part} (e.g. {@code attention.self.query.}); {@code weight} and {@code bias} follow. */
    public String block(int i, String part) {
        return encoder() + "encoder.layer." + i + "." + part;
    }

    /** The head's first (hidden x hidden) layer; {@code weight} and {@code bias} follow. */
    public String headDense() {
        return shape.family() == CrossEncoderFamily.BERT ? "bert.pooler.dense." : "classifier.dense.";
    }

    /** The head's projection to the logits; {@code weight} and {@code bias} follow. */
    public String headOut() {
        return shape.family() == CrossEncoderFamily.BERT ? "classifier." : "classifier.out_proj.";
    }

    /** Every tensor the model reads, with its shape, in checkpoint order. */
    public Map<String, long[]> all() {
        int d = shape.encoder().hidden();
        int ff = shape.encoder().intermediate();
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put(wordEmbeddings(), new long[] {shape.encoder().vocab(), d});
        m.put(positionEmbeddings(), new long[] {shape.encoder().maxPositions() + shape.positionOffset(), d});
        m.put(typeEmbeddings(), new long[] {shape.encoder().typeVocab(), d});
        norm(m, embeddingNorm(), d);
        for (int i = 0; i < shape.encoder().layers(); i++) {
            linear(m, block(i, "attention.self.query."), d, d);
            linear(m, block(i, "attention.self.key."), d, d);
            linear(m, block(i, "attention.self.value."), d, d);
            linear(m, block(i, "attention.output.dense."), d, d);
            norm(m, block(i, "attention.output.LayerNorm."), d);
            linear(m, block(i, "intermediate.dense."), d, ff);
            linear(m, block(i, "output.dense."), ff, d);
            norm(m, block(i, "output.LayerNorm."), d);
        }
        linear(m, headDense(), d, d);
        linear(m, headOut(), d, shape.labels());
        return m;
    }

    /** Parameters of the model: the elements of every tensor. */
    public long parameters() {
        long n = 0;
        for (long[] s : all().values()) {
            long elements = 1;
            for (long d : s) {
                elements *= d;
            }
            n += elements;
        }
        return n;
    }

    private String encoder() {
        return shape.family().tensorPrefix();
    }

    private static void linear(Map<String, long[]> m, String prefix, int in, int out) {
        m.put(prefix + "weight", new long[] {out, in});
        m.put(prefix + "bias", new long[] {out});
    }

    private static void norm(Map<String, long[]> m, String prefix, int d) {
        m.put(prefix + "weight", new long[] {d});
        m.put(prefix + "bias", new long[] {d});
    }
}
