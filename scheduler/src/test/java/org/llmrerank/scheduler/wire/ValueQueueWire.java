package org.llmrerank.scheduler.wire;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A stand-in for an engine's transport stream: it keeps the values written, in order, and hands them back to the
 * reader, so a codec's field order and bounds can be tested without an engine. Tests may also write a payload by hand.
 */
public final class ValueQueueWire implements WireInput, WireOutput {

    /** Stands for null in the queue, which refuses nulls. */
    private static final Object NULL = new Object();

    private final Deque<Object> values = new ArrayDeque<>();

    private <T> T next(Class<T> type) {
        Object v = values.removeFirst();
        return type.cast(v == NULL ? null : v);
    }

    private void add(Object v) {
        values.addLast(v == null ? NULL : v);
    }

    public boolean exhausted() {
        return values.isEmpty();
    }

    @Override
    public String readString() {
        return next(String.class);
    }

    @Override
    public String readOptionalString() {
        return next(String.class);
    }

    @Override
    public boolean readBoolean() {
        return next(Boolean.class);
    }

    @Override
    public int readVInt() {
        return next(Integer.class);
    }

    @Override
    public long readVLong() {
        return next(Long.class);
    }

    @Override
    public float readFloat() {
        return next(Float.class);
    }

    @Override
    public double readDouble() {
        return next(Double.class);
    }

    @Override
    public int[] readVIntArray() {
        return next(int[].class).clone();
    }

    @Override
    public <E extends Enum<E>> E readEnum(Class<E> type) {
        return next(type);
    }

    @Override
    public void writeString(String s) {
        add(s);
    }

    @Override
    public void writeOptionalString(String s) {
        add(s);
    }

    @Override
    public void writeBoolean(boolean b) {
        add(b);
    }

    @Override
    public void writeVInt(int i) {
        add(i);
    }

    @Override
    public void writeVLong(long l) {
        add(l);
    }

    @Override
    public void writeFloat(float f) {
        add(f);
    }

    @Override
    public void writeDouble(double d) {
        add(d);
    }

    @Override
    public void writeVIntArray(int[] values) {
        add(values.clone());
    }

    @Override
    public <E extends Enum<E>> void writeEnum(E e) {
        add(e);
    }
}
