package org.llmrerank.routing.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** Row-block staging of big matrices (the 2 GB DJL buffer limit), exercised with tiny blocks. */
class EngineArraysTest {

    @Test
    void rowBlocksConcatenateToTheWholeMatrix() {
        float[] data = new float[7 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5f - 3;
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            for (long block : new long[] {4, 40, 60, 1 << 20}) { // 1 row, 2 rows, 3 rows, one piece
                NDArray a = EngineArrays.matrix(m, data, 7, 5, block);
                assertEquals(new Shape(7, 5), a.getShape());
                assertArrayEquals(data, a.toFloatArray(), "blocks of " + block + " bytes");
            }
        }
    }
}
