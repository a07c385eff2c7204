package org.llmrerank.routing.runtime.router;

import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * Runs one text at a time, unpadded, along a fixed path or with Dr.LLM routers choosing it: what router-guided
 * scoring drives, on whichever engine runs the layers ({@link RoutedRunner} on DJL's fp32 model, the layered int8
 * sessions of {@code LayeredOnnxEncoder}).
 */
public interface TextRunner {

    /** Layers of the model, each of which a router decides for. */
    int layers();

    /** Along a fixed path. */
    RoutedRunner.Result run(Encoding text, LayerPath path) throws EncoderException;

    /** Routers decide before each block, from the hidden state entering it; {@code knob} as in {@link LayerRouters#decide}. */
    RoutedRunner.Result run(Encoding text, LayerRouters routers, double knob) throws EncoderException;

    /**
     * Teacher forcing (Dr.LLM, loss and training): runs {@code counts} (0/1/2 per layer) and returns, per layer, the
     * window means of the state entering it: the routers' training inputs.
     */
    float[][][] routerInputs(Encoding text, int[] counts) throws EncoderException;
}
