package org.llmrerank.routing.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Added tokens ({@code [CLS]}, {@code [SEP]}, {@code [MASK]}, ...) found verbatim in the input.
 *
 * <p>Hugging Face extracts them before normalisation: a passage containing the literal text
 * {@code [SEP]} gets the separator id, not the pieces of "[", "sep", "]". The reference does so,
 * therefore so do we. Matching is leftmost-longest, like the reference's Aho-Corasick automaton.
 */
final class AddedTokens {

    /** Receives the input in order: plain text runs and matched added tokens. */
    interface Sink {
        void text(String text);

        void token(int id);
    }

    private record Pattern(String content, int id) {}

    private static final AddedTokens NONE = new AddedTokens(List.of());

    private final List<Pattern> patterns; // longest first, so the first hit at a position is the longest

    private AddedTokens(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    static AddedTokens none() {
        return NONE;
    }

    static AddedTokens of(Map<String, Integer> contentToId) {
        List<Pattern> list = new ArrayList<>();
        contentToId.forEach((content, id) -> {
            if (!content.isEmpty()) {
                list.add(new Pattern(content, id));
            }
        });
        list.sort(Comparator.comparingInt((Pattern p) -> p.content().length()).reversed());
        return new AddedTokens(List.copyOf(list));
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    void split(String text, Sink sink) {
        if (patterns.isEmpty()) {
            sink.text(text);
            return;
        }
        int plainStart = 0;
        int i = 0;
        while (i < text.length()) {
            Pattern hit = matchAt(text, i);
            if (hit == null) {
                i++;
                continue;
            }
            if (i > plainStart) {
                sink.text(text.substring(plainStart, i));
            }
            sink.token(hit.id());
            i += hit.content().length();
            plainStart = i;
        }
        if (plainStart < text.length()) {
            sink.text(text.substring(plainStart));
        }
    }

    private Pattern matchAt(String text, int offset) {
        for (Pattern p : patterns) {
            if (text.startsWith(p.content(), offset)) {
                return p;
            }
        }
        return null;
    }
}
