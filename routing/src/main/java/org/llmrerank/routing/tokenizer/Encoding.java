package org.llmrerank.routing.tokenizer;

import java.util.Arrays;

/**
 * One tokenized input, special tokens included, unpadded. Immutable: accessors that return arrays
 * return copies. Padding (and with it a non-trivial attention mask) belongs to a batch, see
 * {@link PaddedBatch}.
 */
public final class Encoding {

    private final int[] ids;
    private final int[] typeIds;

    Encoding(int[] ids, int[] typeIds) {
        if (ids.length != typeIds.length) {
            throw new IllegalArgumentException("ids and type ids differ in length: " + ids.length + " vs " + typeIds.length);
        }
        this.ids = ids;
        this.typeIds = typeIds;
    }

    /** Tokens, special tokens included: the sequence length the model sees. */
    public int length() {
        return ids.length;
    }

    public int id(int position) {
        return ids[position];
    }

    public int typeId(int position) {
        return typeIds[position];
    }

    public int[] ids() {
        return ids.clone();
    }

    public int[] typeIds() {
        return typeIds.clone();
    }

    /** All ones: every position of an unpadded encoding is a real token. */
    public int[] attentionMask() {
        int[] mask = new int[ids.length];
        Arrays.fill(mask, 1);
        return mask;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && Arrays.equals(ids, e.ids) && Arrays.equals(typeIds, e.typeIds);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(typeIds);
    }

    @Override
    public String toString() {
        return "Encoding{ids=" + Arrays.toString(ids) + ", typeIds=" + Arrays.toString(typeIds) + "}";
    }
}
