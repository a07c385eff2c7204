package org.llmrerank.routing.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes protobuf wire format: the few primitives needed to assemble an ONNX model out of fields copied
 * verbatim from another one ({@link ProtoReader}'s counterpart, without protobuf-java for the same reason).
 */
final class ProtoFieldWriter {

    private final ByteArrayOutputStream out;

    ProtoFieldWriter(int expectedSize) {
        out = new ByteArrayOutputStream(expectedSize);
    }

    /** Bytes already in wire format (whole fields, tag included). */
    ProtoFieldWriter raw(byte[] bytes, int from, int to) {
        out.write(bytes, from, to - from);
        return this;
    }

    ProtoFieldWriter varintField(int field, long value) {
        tag(field, ProtoReader.VARINT);
        varint(value);
        return this;
    }

    ProtoFieldWriter stringField(int field, String value) {
        return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A length-delimited field: an embedded message's bytes, a string's UTF-8. */
    ProtoFieldWriter bytesField(int field, byte[] value) {
        return bytesField(field, value, 0, value.length);
    }

    ProtoFieldWriter bytesField(int field, byte[] bytes, int from, int to) {
        tag(field, ProtoReader.LENGTH_DELIMITED);
        varint(to - from);
        out.write(bytes, from, to - from);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
