package org.llmrerank.routing.tokenizer;

import java.util.List;

/**
 * The post-processor: wraps the sequence(s) in special tokens and assigns token type ids, e.g.
 * {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]} with type 0 for the first segment and
 * 1 for the second. Read from the tokenizer.json {@code TemplateProcessing} (or the older
 * {@code BertProcessing}) so a model with another layout is encoded as it was trained.
 */
final class TemplateProcessor {

    /** One element of a template: special token ids, or the A / B sequence. */
    sealed interface Piece permits Special, Sequence {}

    record Special(int[] ids, int typeId) implements Piece {}

    record Sequence(boolean first, int typeId) implements Piece {}

    private final List<Piece> single;
    private final List<Piece> pair;

    TemplateProcessor(List<Piece> single, List<Piece> pair) {
        this.single = List.copyOf(single);
        this.pair = List.copyOf(pair);
        requireSequences(this.single, 1, false, "single");
        requireSequences(this.pair, 1, true, "pair");
    }

    /** Number of special tokens the template adds: what truncation must leave room for. */
    int specialTokenCount(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (p instanceof Special s) {
                n += s.ids().length;
            }
        }
        return n;
    }

    /** @param b the second sequence, or null for a single-sequence encoding */
    Encoding apply(int[] a, int[] b) {
        List<Piece> template = b == null ? single : pair;
        int total = specialTokenCount(b != null) + a.length + (b == null ? 0 : b.length);
        int[] ids = new int[total];
        int[] types = new int[total];
        int at = 0;
        for (Piece p : template) {
            int[] src;
            int type;
            if (p instanceof Special s) {
                src = s.ids();
                type = s.typeId();
            } else {
                Sequence q = (Sequence) p;
                src = q.first() ? a : b;
                type = q.typeId();
            }
            System.arraycopy(src, 0, ids, at, src.length);
            java.util.Arrays.fill(types, at, at + src.length, type);
            at += src.length;
        }
        return new Encoding(ids, types);
    }

    private static void requireSequences(List<Piece> template, int aCount, boolean needB, String which) {
        int as = 0;
        int bs = 0;
        for (Piece p : template) {
            if (p instanceof Sequence s) {
                if (s.first()) {
                    as++;
                } else {
                    bs++;
                }
            }
        }
        if (as != aCount || bs != (needB ? 1 : 0)) {
            throw new IllegalArgumentException("unsupported " + which + " template: it must hold sequence A once"
                    + (needB ? " and sequence B once" : " and no sequence B"));
        }
    }
}
