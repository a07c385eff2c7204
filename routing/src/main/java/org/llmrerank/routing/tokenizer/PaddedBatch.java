package org.llmrerank.routing.tokenizer;

import java.util.List;

/**
 * Encodings right-padded to the longest one, as the row-major {@code [rows, columns]} int64
 * arrays a BERT graph takes. Padding positions get the pad id, type id 0 and attention mask 0,
 * as Hugging Face's "pad to longest" does.
 *
 * @param rows          batch size
 * @param columns       length of the longest encoding
 * @param inputIds      {@code rows * columns} token ids
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param typeIds       token type (segment) ids
 */
public record PaddedBatch(int rows, int columns, long[] inputIds, long[] attentionMask, long[] typeIds) {

    public static PaddedBatch of(List<Encoding> encodings, int padId) {
        int columns = 0;
        for (Encoding e : encodings) {
            columns = Math.max(columns, e.length());
        }
        return of(encodings, padId, columns);
    }

    /**
     * Right-padded to {@code columns}, which must be at least the longest encoding: a width fixed by
     * the caller, so a row's padding need not depend on which rows share its batch.
     */
    public static PaddedBatch of(List<Encoding> encodings, int padId, int columns) {
        if (encodings.isEmpty()) {
            throw new IllegalArgumentException("cannot pad an empty batch");
        }
        int rows = encodings.size();
        for (Encoding e : encodings) {
            if (e.length() > columns) {
                throw new IllegalArgumentException("columns [" + columns + "] is shorter than an encoding of " + e.length() + " tokens");
            }
        }
        long cells = (long) rows * columns;
        if (cells > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch of " + rows + " x " + columns + " tokens is too large");
        }
        long[] ids = new long[(int) cells];
        long[] mask = new long[(int) cells];
        long[] types = new long[(int) cells];
        for (int r = 0; r < rows; r++) {
            Encoding e = encodings.get(r);
            int base = r * columns;
            for (int c = 0; c < columns; c++) {
                if (c < e.length()) {
                    ids[base + c] = e.id(c);
                    types[base + c] = e.typeId(c);
                    mask[base + c] = 1;
                } else {
                    ids[base + c] = padId;
                }
            }
        }
        return new PaddedBatch(rows, columns, ids, mask, types);
    }
}
