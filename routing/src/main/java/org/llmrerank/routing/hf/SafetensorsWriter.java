package org.llmrerank.routing.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@code .safetensors} file from float32 data, stored as F32, F16 or BF16 (rounded to
 * nearest even, as torch converts). Used to write stand-in checkpoints; the reader is the check.
 */
public final class SafetensorsWriter {

    private record Tensor(SafetensorsFile.Dtype dtype, long[] shape, float[] data) {}

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    public SafetensorsWriter put(String name, SafetensorsFile.Dtype dtype, float[] data, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException(name + ": shape holds " + n + " elements, data has " + data.length);
        }
        tensors.put(name, new Tensor(dtype, shape.clone(), data));
        return this;
    }

    public void write(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode header = mapper.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long bytes = (long) t.data().length * t.dtype().bytes;
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = mapper.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // the format pads the header with spaces to 8 bytes
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(json);
            out.write(" ".repeat(padded - json.length).getBytes(StandardCharsets.US_ASCII));
            for (Tensor t : tensors.values()) {
                ByteBuffer buf = ByteBuffer.allocate(t.data().length * t.dtype().bytes).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : t.data()) {
                    switch (t.dtype()) {
                        case F32 -> buf.putFloat(f);
                        case F16 -> buf.putShort(Float.floatToFloat16(f));
                        case BF16 -> buf.putShort(toBf16(f));
                    }
                }
                out.write(buf.array());
            }
        }
    }

    /** Round to nearest even (finite inputs). */
    public static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
