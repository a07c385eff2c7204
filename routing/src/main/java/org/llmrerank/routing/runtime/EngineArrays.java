package org.llmrerank.routing.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/**
 * Copies a row-major matrix into the engine. DJL stages a Java array through one direct buffer
 * whose size is an int of bytes, so a matrix of 2 GB or more (an 8B model's fp32 embedding or LM
 * head, 128k × 4096) cannot go in one piece: it goes in row blocks, concatenated in the engine.
 */
public final class EngineArrays {

    /** Bytes per block: well under the 2 GB limit, large enough that the copies stay few. */
    static final long BLOCK_BYTES = 256L << 20;

    private EngineArrays() {}

    public static NDArray matrix(NDManager manager, float[] data, long rows, long cols) {
        return matrix(manager, data, rows, cols, BLOCK_BYTES);
    }

    static NDArray matrix(NDManager manager, float[] data, long rows, long cols, long blockBytes) {
        if (rows * cols != data.length) {
            throw new IllegalArgumentException(rows + " x " + cols + " does not match " + data.length + " values");
        }
        if (4L * data.length <= blockBytes) {
            return manager.create(data, new Shape(rows, cols));
        }
        long blockRows = Math.max(1, blockBytes / (4 * cols));
        try (NDManager staging = manager.newSubManager()) {
            NDList blocks = new NDList();
            for (long from = 0; from < rows; from += blockRows) {
                long count = Math.min(blockRows, rows - from);
                FloatBuffer slice = FloatBuffer.wrap(data, (int) (from * cols), (int) (count * cols)).slice();
                blocks.add(staging.create(slice, new Shape(count, cols)));
            }
            NDArray whole = NDArrays.concat(blocks, 0);
            whole.attach(manager);
            return whole;
        }
    }
}
