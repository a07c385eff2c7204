package org.llmrerank.scheduler.wire;

import java.io.IOException;

/** The writing half of an engine's transport stream, as the engine-neutral codecs see it; see {@link WireInput}. */
public interface WireOutput {

    void writeString(String s) throws IOException;

    void writeOptionalString(String s) throws IOException;

    void writeBoolean(boolean b) throws IOException;

    void writeVInt(int i) throws IOException;

    void writeVLong(long l) throws IOException;

    void writeFloat(float f) throws IOException;

    void writeDouble(double d) throws IOException;

    void writeVIntArray(int[] values) throws IOException;

    <E extends Enum<E>> void writeEnum(E e) throws IOException;
}
