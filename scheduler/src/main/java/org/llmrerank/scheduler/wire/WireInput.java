package org.llmrerank.scheduler.wire;

import java.io.IOException;

/**
 * The reading half of an engine's transport stream, as the engine-neutral codecs see it. Each engine adapts its own
 * stream class, so the bytes on the wire and the engine's own checks (enum ordinals, array sizes) stay the engine's;
 * the codecs add the plugin's bounds on top.
 */
public interface WireInput {

    String readString() throws IOException;

    /** A string or null, as the engine writes an optional string. */
    String readOptionalString() throws IOException;

    boolean readBoolean() throws IOException;

    int readVInt() throws IOException;

    long readVLong() throws IOException;

    float readFloat() throws IOException;

    double readDouble() throws IOException;

    int[] readVIntArray() throws IOException;

    <E extends Enum<E>> E readEnum(Class<E> type) throws IOException;
}
