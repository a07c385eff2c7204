package org.llmrerank.cli;

import java.io.IOException;
import java.io.InputStream;
import org.llmrerank.estimator.InputException;
import org.llmrerank.rescorer.BiEncoderRerankModel;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RoutedBiEncoderRerankModel;
import org.llmrerank.routing.BiEncoder;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * The fp32 models the CLI offers beside the registry's: {@code bge-small-routed}, bge-small on our
 * routed runtime (counted FLOPs), and {@code bge-small-fp32}, ONNX Runtime on the same fp32 file,
 * its reference. Both run batches of {@value #BATCH_SIZE} length-sorted texts: fp32 graphs have no
 * per-batch quantisation, so batching does not change a score. Other names go to {@code next}.
 */
final class RuntimeModels implements ModelProvider {

    static final int BATCH_SIZE = 32;
    private static final int MAX_LENGTH = 512;
    private static final String ORT_FP32_SUFFIX = "-fp32";

    private final ModelProvider next;

    RuntimeModels(ModelProvider next) {
        this.next = next;
    }

    @Override
    public RerankModel open(String name) {
        for (RoutedBundledModel m : RoutedBundledModel.values()) {
            try {
                if (m.modelName().equalsIgnoreCase(name)) {
                    return RoutedBiEncoderRerankModel.load(m, MAX_LENGTH, BATCH_SIZE);
                }
                if ((m.mirrors().modelName() + ORT_FP32_SUFFIX).equalsIgnoreCase(name)) {
                    return onnxRuntimeFp32(m, name);
                }
            } catch (ModelException | IOException | EncoderException e) {
                throw new InputException("cannot load model '" + name + "': " + e.getMessage());
            }
        }
        return next.open(name);
    }

    private static RerankModel onnxRuntimeFp32(RoutedBundledModel m, String name) throws IOException, EncoderException {
        WordPieceTokenizer tokenizer;
        try (InputStream json = m.tokenizer().open()) {
            tokenizer = WordPieceTokenizer.fromJson(json, MAX_LENGTH);
        }
        int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
        OnnxBertEncoder encoder = OnnxBertEncoder.load(m.onnxModel(), m.mirrors().pooling(),
                new EncoderOptions(threads, BATCH_SIZE, false), tokenizer.padId());
        BiEncoder biEncoder = new BiEncoder(tokenizer, encoder, m.mirrors().queryPrefix(), m.mirrors().passagePrefix());
        return new BiEncoderRerankModel(name.toLowerCase(java.util.Locale.ROOT), biEncoder, m.mirrors().architecture());
    }
}
