package org.llmrerank.routing.tokenizer;

import java.util.Arrays;

/** A growable int array; token ids are produced by the thousand and boxing them would dominate. */
final class IntList {

    private int[] data;
    private int size;

    IntList(int capacity) {
        data = new int[Math.max(capacity, 4)];
    }

    void add(int value) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = value;
    }

    int get(int index) {
        return data[index];
    }

    int size() {
        return size;
    }

    void truncate(int newSize) {
        size = Math.min(size, newSize);
    }
}
