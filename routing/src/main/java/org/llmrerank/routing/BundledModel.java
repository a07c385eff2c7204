package org.llmrerank.routing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.routing.onnx.Pooling;

/**
 * The real pretrained models shipped with the plugin: int8 ONNX exports and their tokenizer.json,
 * read from the langchain4j model jars on the classpath (resources at the jar root). The
 * architecture is what the FLOPs estimator needs; it matches the ONNX graphs (12 resp. 6 BERT
 * layers, d_model 384, FFN 1536, 12 heads, vocabulary 30522).
 */
public enum BundledModel {

    /** bge-small-en-v1.5 (BAAI, MIT), int8; DL19 BM25-top-100 rerank NDCG@10 about 0.69. */
    BGE_SMALL("bge-small", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS,
            "Represent this sentence for searching relevant passages: ", "",
            Architecture.encoderOnly("bge-small-en-v1.5", 12, 384, 1536, 12, 30522)),

    /** all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), int8; 6 layers, about twice as fast. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", Pooling.MEAN,
            "", "",
            Architecture.encoderOnly("all-MiniLM-L6-v2", 6, 384, 1536, 12, 30522));

    private final String modelName;
    private final String onnxResource;
    private final String tokenizerResource;
    private final Pooling pooling;
    private final String queryPrefix;
    private final String passagePrefix;
    private final Architecture architecture;

    BundledModel(String modelName, String onnxResource, String tokenizerResource, Pooling pooling,
                 String queryPrefix, String passagePrefix, Architecture architecture) {
        this.modelName = modelName;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix;
        this.passagePrefix = passagePrefix;
        this.architecture = architecture;
    }

    /** The name users write in the clause, e.g. {@code bge-small}. */
    public String modelName() {
        return modelName;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Prepended to queries, as the model was trained. */
    public String queryPrefix() {
        return queryPrefix;
    }

    /** Prepended to passages (empty for both bundled models). */
    public String passagePrefix() {
        return passagePrefix;
    }

    public Architecture architecture() {
        return architecture;
    }

    public ModelResource onnxModel() {
        return ModelResource.classpath(onnxResource, BundledModel.class.getClassLoader());
    }

    public ModelResource tokenizer() {
        return ModelResource.classpath(tokenizerResource, BundledModel.class.getClassLoader());
    }

    public byte[] onnxBytes() throws IOException {
        return onnxModel().readAllBytes();
    }

    public InputStream tokenizerJson() throws IOException {
        return tokenizer().open();
    }

    /** Case-insensitive, surrounding blanks ignored. */
    public static Optional<BundledModel> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.modelName.equals(n)).findFirst();
    }
}
