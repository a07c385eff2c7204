package org.llmrerank.routing.onnx;

import java.util.Objects;

/**
 * Execution settings of an {@link OnnxBertEncoder}.
 *
 * @param intraOpThreads threads ONNX Runtime uses inside one operator; 0 lets ORT pick one per
 *                       physical core. Inside a search node keep it below the core count, the
 *                       node's search threads need CPU too.
 * @param batchSize      sequences per ORT call; texts are length-sorted first so a batch pads little.
 *                       Graphs with dynamic int8 activation quantisation (the bundled ones) compute
 *                       one quantisation scale per tensor, so a text's embedding then depends on its
 *                       batch-mates and padding (measured: 9-13% relative); run those with 1, which
 *                       on CPU was also not slower (bge-small int8, 2 threads: 111 vs 104 passages/s)
 * @param allowSpinning  whether idle ORT worker threads busy-wait for the next operator. Spinning
 *                       shaves latency off small operators but burns CPU the node's other threads
 *                       could use, so it is off by default.
 * @param executionProvider where ORT runs the graph: the CPU, or a CUDA GPU with the GPU build of ORT
 */
public record EncoderOptions(int intraOpThreads, int batchSize, boolean allowSpinning, ExecutionProvider executionProvider) {

    public static final int DEFAULT_BATCH_SIZE = 32;

    public EncoderOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = ONNX Runtime default), got " + intraOpThreads);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        Objects.requireNonNull(executionProvider, "executionProvider");
    }

    /** On the CPU. */
    public EncoderOptions(int intraOpThreads, int batchSize, boolean allowSpinning) {
        this(intraOpThreads, batchSize, allowSpinning, ExecutionProvider.CPU);
    }

    /** One thread per available processor, batches of 32 (right for float graphs), no spinning, on the CPU. */
    public static EncoderOptions defaults() {
        return new EncoderOptions(Runtime.getRuntime().availableProcessors(), DEFAULT_BATCH_SIZE, false);
    }

    public EncoderOptions withIntraOpThreads(int threads) {
        return new EncoderOptions(threads, batchSize, allowSpinning, executionProvider);
    }

    public EncoderOptions withBatchSize(int size) {
        return new EncoderOptions(intraOpThreads, size, allowSpinning, executionProvider);
    }

    public EncoderOptions withAllowSpinning(boolean spin) {
        return new EncoderOptions(intraOpThreads, batchSize, spin, executionProvider);
    }

    public EncoderOptions withExecutionProvider(ExecutionProvider provider) {
        return new EncoderOptions(intraOpThreads, batchSize, allowSpinning, provider);
    }
}
