package org.llmrerank.elasticsearch.wire;

import java.io.IOException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;
import org.llmrerank.scheduler.wire.WireInput;
import org.llmrerank.scheduler.wire.WireOutput;

/** Elasticsearch's transport streams seen through the engine-neutral wire interfaces the codecs write and read. */
public final class ElasticsearchWire {

    private ElasticsearchWire() {}

    public static WireInput in(StreamInput in) {
        return new Input(in);
    }

    public static WireOutput out(StreamOutput out) {
        return new Output(out);
    }

    private record Input(StreamInput in) implements WireInput {

        @Override
        public String readString() throws IOException {
            return in.readString();
        }

        @Override
        public String readOptionalString() throws IOException {
            return in.readOptionalString();
        }

        @Override
        public boolean readBoolean() throws IOException {
            return in.readBoolean();
        }

        @Override
        public int readVInt() throws IOException {
            return in.readVInt();
        }

        @Override
        public long readVLong() throws IOException {
            return in.readVLong();
        }

        @Override
        public float readFloat() throws IOException {
            return in.readFloat();
        }

        @Override
        public double readDouble() throws IOException {
            return in.readDouble();
        }

        @Override
        public int[] readVIntArray() throws IOException {
            return in.readVIntArray();
        }

        @Override
        public <E extends Enum<E>> E readEnum(Class<E> type) throws IOException {
            return in.readEnum(type);
        }
    }

    private record Output(StreamOutput out) implements WireOutput {

        @Override
        public void writeString(String s) throws IOException {
            out.writeString(s);
        }

        @Override
        public void writeOptionalString(String s) throws IOException {
            out.writeOptionalString(s);
        }

        @Override
        public void writeBoolean(boolean b) throws IOException {
            out.writeBoolean(b);
        }

        @Override
        public void writeVInt(int i) throws IOException {
            out.writeVInt(i);
        }

        @Override
        public void writeVLong(long l) throws IOException {
            out.writeVLong(l);
        }

        @Override
        public void writeFloat(float f) throws IOException {
            out.writeFloat(f);
        }

        @Override
        public void writeDouble(double d) throws IOException {
            out.writeDouble(d);
        }

        @Override
        public void writeVIntArray(int[] values) throws IOException {
            out.writeVIntArray(values);
        }

        @Override
        public <E extends Enum<E>> void writeEnum(E e) throws IOException {
            out.writeEnum(e);
        }
    }
}
