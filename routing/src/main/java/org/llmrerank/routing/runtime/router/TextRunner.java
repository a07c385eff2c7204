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

    /** Along a fixed path. */
    RoutedRunner.Result run(Encoding text, LayerPath path) throws EncoderException;

    /** Routers decide before each block, from the hidden state entering it; {@code knob} as in {@link LayerRouters#decide}. */
    RoutedRunner.Result run(Encoding text, LayerRouters routers, double knob) throws EncoderException;
}
