package org.llmrerank.routing.tokenizer;

import java.util.function.Consumer;

/**
 * The Hugging Face {@code BertPreTokenizer}: split on whitespace (dropped), then isolate every
 * punctuation character as a word of its own.
 */
final class BertPreTokenizer {

    private BertPreTokenizer() {}

    /** Hands each word of {@code normalized}, in order, to {@code sink}. */
    static void split(String normalized, Consumer<String> sink) {
        int wordStart = -1;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (CharClasses.isWhitespace(cp)) {
                if (wordStart >= 0) {
                    sink.accept(normalized.substring(wordStart, i));
                    wordStart = -1;
                }
            } else if (CharClasses.isPunctuation(cp)) {
                if (wordStart >= 0) {
                    sink.accept(normalized.substring(wordStart, i));
                    wordStart = -1;
                }
                sink.accept(normalized.substring(i, next));
            } else if (wordStart < 0) {
                wordStart = i;
            }
            i = next;
        }
        if (wordStart >= 0) {
            sink.accept(normalized.substring(wordStart));
        }
    }
}
