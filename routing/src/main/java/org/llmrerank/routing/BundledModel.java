package org.llmrerank.routing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.routing.onnx.Pooling;

/**
 * The real pretrained models shipped with the plugin: int8 ONNX exports and their tokenizer.json,
 * read from the langchain4j model jars on the classpath (resources at the jar root).
 */
public enum BundledModel {

    /** bge-small-en-v1.5 (BAAI, MIT), int8; DL19 BM25-top-100 rerank NDCG@10 about 0.69. */
    BGE_SMALL("bge-small", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS,
        "Represent this sentence for searching relevant passages: ",
        Architecture.encoderOnly("bge-small-en-v1.5", 12, 384, 1536, 12, 30522)),

    /** all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), int8; 6 layers, about twice as fast. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", Pooling.MEAN, "",
        Architecture.encoderOnly("all-minilm-l6-v2", 6, 384, 1536, 12, 30522));

    private final String modelName;
    private final String onnxResource;
    private final String tokenizerResource;
    private final Pooling pooling;
    private final String queryPrefix;
    private final Architecture architecture;

    BundledModel(String modelName, String onnxResource, String tokenizerResource, Pooling pooling, String queryPrefix, Architecture architecture) {
        this.modelName = modelName;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix;
        this.architecture = architecture;
    }

    public String modelName() {
        return modelName;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** Prepended to queries (not passages), as the model was trained. */
    public String queryPrefix() {
        return queryPrefix;
    }

    public Architecture architecture() {
        return architecture;
    }

    public byte[] onnxBytes() throws IOException {
        try (InputStream in = open(onnxResource)) {
            return in.readAllBytes();
        }
    }

    public InputStream tokenizerJson() throws IOException {
        return open(tokenizerResource);
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = BundledModel.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("bundled resource [" + resource + "] is not on the classpath (its langchain4j model jar is missing)");
        }
        return in;
    }

    public static Optional<BundledModel> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.modelName.equals(name)).findFirst();
    }
}
