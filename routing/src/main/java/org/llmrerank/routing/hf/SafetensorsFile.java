package org.llmrerank.routing.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code .safetensors} file: an 8-byte little-endian header length, a JSON header mapping each
 * tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the
 * header), then the raw little-endian data. The header is parsed here in plain Java; tensors are
 * read on demand and widened to float32, the runtime's compute type.
 *
 * <p>Every header entry is validated before any tensor is read: a known dtype, non-negative
 * dimensions, offsets inside the file, and a byte length equal to elements times element size.
 * A hostile header therefore cannot make the reader allocate or read beyond the file.
 */
public final class SafetensorsFile {

    /** Headers above this are refused; real ones are a few hundred KB. */
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The element types this loader widens to float32. */
    public enum Dtype {
        F32(4), F16(2), BF16(2);

        final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }
    }

    /** One header entry; {@code begin} is an absolute file offset. */
    public record Entry(String name, Dtype dtype, long[] shape, long begin, long byteLength) {

        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private SafetensorsFile(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Reads and validates the header of {@code file}. */
    public static SafetensorsFile open(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointException(file + ": " + size + " bytes, too short for a safetensors header");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw new CheckpointException(file + ": header length " + headerLen + " is invalid for a file of "
                        + size + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8, file);
            JsonNode root;
            try {
                root = MAPPER.readTree(header.array());
            } catch (IOException e) {
                throw new CheckpointException(file + ": safetensors header is not valid JSON: " + e.getMessage(), e);
            }
            return new SafetensorsFile(file, parseHeader(root, file, 8 + headerLen, size));
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Map<String, Entry> parseHeader(JsonNode root, Path file, long dataStart, long size) {
        if (root == null || !root.isObject()) {
            throw new CheckpointException(file + ": safetensors header must be a JSON object");
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                continue;
            }
            out.put(f.getKey(), parseEntry(f.getKey(), f.getValue(), file, dataStart, size));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Entry parseEntry(String name, JsonNode n, Path file, long dataStart, long size) {
        String where = file + ": tensor '" + name + "'";
        if (!n.isObject()) {
            throw new CheckpointException(where + ": header entry must be an object");
        }
        String dt = n.path("dtype").asText("");
        Dtype dtype;
        try {
            dtype = Dtype.valueOf(dt);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(where + ": dtype '" + dt + "' is not supported (F32, F16, BF16)");
        }
        JsonNode shapeNode = n.get("shape");
        JsonNode offsets = n.get("data_offsets");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new CheckpointException(where + ": missing 'shape' array");
        }
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new CheckpointException(where + ": 'data_offsets' must be two integers");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) {
                throw new CheckpointException(where + ": shape " + shapeNode + " has an invalid dimension");
            }
            shape[i] = d.asLong();
            elements = Math.multiplyExact(elements, shape[i]);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || dataStart + end > size) {
            throw new CheckpointException(where + ": data_offsets [" + begin + ", " + end + "] fall outside the "
                    + (size - dataStart) + " data bytes");
        }
        if (end - begin != elements * dtype.bytes) {
            throw new CheckpointException(where + ": " + (end - begin) + " data bytes, but shape " + shapeNode
                    + " of " + dtype + " needs " + elements * dtype.bytes);
        }
        return new Entry(name, dtype, shape, dataStart + begin, end - begin);
    }

    public Path file() {
        return file;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException(file + ": no tensor '" + name + "'");
        }
        return e;
    }

    /** Bytes read and widened per step: tensors above 2 GB (an 8B model's fp32 embedding) exceed one buffer. */
    static final int CHUNK_BYTES = 64 << 20;

    /** The tensor widened to float32, row-major. */
    public float[] readFloats(String name) {
        return readFloats(name, CHUNK_BYTES);
    }

    float[] readFloats(String name, int chunkBytes) {
        Entry e = entry(name);
        if (e.elements() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(file + ": tensor '" + name + "' has " + e.elements()
                    + " elements, more than one Java array holds");
        }
        int n = (int) e.elements();
        float[] out = new float[n];
        int size = e.dtype().bytes;
        int perChunk = Math.max(1, chunkBytes / size); // elements per step
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(Math.min(n, perChunk) * size).order(ByteOrder.LITTLE_ENDIAN);
            for (int from = 0; from < n; from += perChunk) {
                int count = Math.min(perChunk, n - from);
                buf.clear().limit(count * size);
                readFully(ch, buf, e.begin() + (long) from * size, file);
                widen(e.dtype(), buf, out, from, count);
            }
        } catch (IOException ex) {
            throw new CheckpointException(file + ": cannot read tensor '" + name + "': " + ex.getMessage(), ex);
        }
        return out;
    }

    private static void widen(Dtype dtype, ByteBuffer buf, float[] out, int from, int count) {
        switch (dtype) {
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    out[from + i] = buf.getFloat(4 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[from + i] = Float.float16ToFloat(buf.getShort(2 * i));
                }
            }
            case BF16 -> {
                // bfloat16 is the upper half of a float32
                for (int i = 0; i < count; i++) {
                    out[from + i] = Float.intBitsToFloat((buf.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long at = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, at);
            if (r < 0) {
                throw new CheckpointException(file + ": truncated at byte " + at);
            }
            at += r;
        }
    }

    /** Names in header order. */
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }
}
