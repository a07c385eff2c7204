package org.llmrerank.routing.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over protobuf wire-format bytes: just the primitives an ONNX file needs (varints,
 * fixed 32/64-bit values, length-delimited fields). It exists so reading ONNX initializers does
 * not pull protobuf-java into a plugin that must coexist with the server's own copy.
 *
 * <p>Reads a window {@code [position, limit)} of a shared array; {@link #sub(int)} returns a
 * reader over one embedded message without copying.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] bytes;
    private int position;
    private final int limit;

    ProtoReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    /** A reader over {@code [position, limit)} of {@code bytes}: one embedded message whose place is known. */
    ProtoReader(byte[] bytes, int position, int limit) {
        this.bytes = bytes;
        this.position = position;
        this.limit = limit;
    }

    boolean hasMore() {
        return position < limit;
    }

    /** The cursor's offset in the shared array: where the next field starts, so a caller can copy a field's bytes. */
    int position() {
        return position;
    }

    /** The next tag: field number in the high bits, wire type in the low three. */
    int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE) {
            throw new OnnxFormatException("invalid protobuf tag " + tag + " at byte " + position);
        }
        return (int) tag;
    }

    static int fieldNumber(int tag) {
        return tag >>> 3;
    }

    static int wireType(int tag) {
        return tag & 7;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            requireAvailable(1);
            byte b = bytes[position++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new OnnxFormatException("malformed varint ending at byte " + position);
    }

    int readFixed32() {
        requireAvailable(4);
        int v = ByteBuffer.wrap(bytes, position, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        position += 4;
        return v;
    }

    long readFixed64() {
        requireAvailable(8);
        long v = ByteBuffer.wrap(bytes, position, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        position += 8;
        return v;
    }

    /** Length of the length-delimited field that starts here; the cursor moves past the length. */
    int readLength() {
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw new OnnxFormatException("field length " + length + " at byte " + position
                    + " runs past the end of its message (" + (limit - position) + " bytes left)");
        }
        return (int) length;
    }

    /** A reader over the next length-delimited field, which this reader then skips. */
    ProtoReader sub() {
        int length = readLength();
        ProtoReader sub = new ProtoReader(bytes, position, position + length);
        position += length;
        return sub;
    }

    String readString() {
        int length = readLength();
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    /** The next length-delimited field as a little-endian view (no copy). */
    ByteBuffer readBytesView() {
        int length = readLength();
        ByteBuffer view = ByteBuffer.wrap(bytes, position, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        position += length;
        return view;
    }

    /** Skips a field whose tag was just read. */
    void skip(int tag) {
        switch (wireType(tag)) {
            case VARINT -> readVarint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> advance(readLength());
            case FIXED32 -> advance(4);
            default -> throw new OnnxFormatException("unsupported protobuf wire type " + wireType(tag)
                    + " (field " + fieldNumber(tag) + ") at byte " + position);
        }
    }

    private void advance(int n) {
        requireAvailable(n);
        position += n;
    }

    private void requireAvailable(int n) {
        if (n > limit - position) {
            throw new OnnxFormatException("truncated protobuf: need " + n + " bytes at byte " + position
                    + ", " + (limit - position) + " left");
        }
    }
}
