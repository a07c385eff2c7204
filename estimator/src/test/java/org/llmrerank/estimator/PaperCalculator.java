package org.llmrerank.estimator;

/**
 * The E2R-FLOPs repository's {@code src/utils/calculator.py}, argument for argument, expressed
 * through {@link FlopsEstimator} so that the general estimator is what the paper's numbers pin.
 * It assumes d_attn = d_model and a two-matrix FFN, as the paper does.
 */
public final class PaperCalculator {

    private PaperCalculator() {}

    /** {@code flops_decoder(input_tokens, output_tokens, num_layers, dimensions, ffsize, ratio)}. */
    public static double flopsDecoder(double inputTokens, double outputTokens, int numLayers, int dimensions,
                                      int ffSize, int ratio) {
        // vocab does not enter the paper's count; heads only through their ratio
        Architecture a = Architecture.decoderOnly("calculator.flops_decoder", numLayers, dimensions, ffSize,
                ratio, 1, 1, 2);
        return FlopsEstimator.decoderOnly(a, inputTokens, outputTokens);
    }

    /** {@code flops_encoder_decoder(input_tokens, output_tokens, num_layers, dimensions, ffsize)}. */
    public static double flopsEncoderDecoder(double inputTokens, double outputTokens, int numLayers,
                                             int dimensions, int ffSize) {
        Architecture a = new Architecture("calculator.flops_encoder_decoder", Architecture.Kind.ENCODER_DECODER,
                numLayers, dimensions, ffSize, 1, 1, dimensions, 1, 2);
        return FlopsEstimator.encoderDecoder(a, inputTokens, outputTokens);
    }
}
