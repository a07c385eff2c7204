package org.llmrerank.routing.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where ONNX Runtime runs a graph. {@code cuda} needs the GPU build of ONNX Runtime
 * ({@code com.microsoft.onnxruntime:onnxruntime_gpu} in place of {@code onnxruntime}) and a CUDA device; with the CPU
 * build a session asking for it fails when the model loads, never later.
 */
public enum ExecutionProvider {
    CPU,
    /** GPU 0 through CUDA. */
    CUDA;

    /** The name as settings write it: {@code cpu}, {@code cuda}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is none of {@link #settingName()}, listing those */
    public static ExecutionProvider byName(String name) {
        for (ExecutionProvider p : values()) {
            if (p.settingName().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown execution provider [" + name + "]; expected one of "
                + Arrays.stream(values()).map(ExecutionProvider::settingName).toList());
    }

    /** Adds this provider to a session's options; CPU is ONNX Runtime's own fallback and needs nothing. */
    void addTo(OrtSession.SessionOptions options) throws EncoderException {
        if (this == CPU) {
            return;
        }
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            throw new EncoderException("execution provider [cuda] is not available: this ONNX Runtime build offers "
                    + OrtEnvironment.getAvailableProviders() + " (the CPU artifact com.microsoft.onnxruntime:onnxruntime);"
                    + " a GPU node needs com.microsoft.onnxruntime:onnxruntime_gpu and a CUDA device");
        }
        try {
            options.addCUDA(0);
        } catch (OrtException e) {
            throw new EncoderException("execution provider [cuda] could not start on GPU 0: " + e.getMessage(), e);
        }
    }
}
