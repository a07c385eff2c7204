package org.llmrerank.routing.runtime;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One ONNX TensorProto: a graph initializer (a weight) or a Constant node's value. Payloads stay
 * views into the file's bytes until {@link #floats()} decodes them.
 *
 * @param raw       little-endian {@code raw_data}, or null when the values are in {@code floatData}
 * @param floatData the repeated {@code float_data} field, or null
 */
public record OnnxTensorData(String name, long[] dims, int dataType, ByteBuffer raw, float[] floatData) {

    /** TensorProto.DataType.FLOAT. */
    public static final int FLOAT = 1;

    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** The values as fp32, in row-major order; only FLOAT tensors are decoded. */
    public float[] floats() {
        if (dataType != FLOAT) {
            throw new OnnxFormatException("tensor " + name + " has data type " + dataType + ", expected FLOAT (1)");
        }
        long n = elementCount();
        float[] out;
        if (raw != null) {
            if (raw.remaining() != n * Float.BYTES) {
                throw new OnnxFormatException("tensor " + name + " " + Arrays.toString(dims) + " has "
                        + raw.remaining() + " raw bytes, expected " + n * Float.BYTES);
            }
            out = new float[(int) n];
            FloatBuffer fb = raw.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            fb.get(out);
        } else if (floatData != null) {
            if (floatData.length != n) {
                throw new OnnxFormatException("tensor " + name + " " + Arrays.toString(dims) + " has "
                        + floatData.length + " float_data values, expected " + n);
            }
            out = floatData.clone();
        } else {
            throw new OnnxFormatException("tensor " + name + " has neither raw_data nor float_data "
                    + "(external data is not supported)");
        }
        return out;
    }

    @Override
    public String toString() {
        return "OnnxTensorData{" + name + " " + Arrays.toString(dims) + " type " + dataType + "}";
    }
}
