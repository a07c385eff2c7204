package org.llmrerank.routing.tokenizer;

import java.util.Map;

/**
 * WordPiece: greedy longest-match-first over a word, continuation pieces carry the
 * {@code ##} prefix; a word with any unmatchable remainder, or longer than
 * {@code maxInputCharsPerWord} code points, becomes a single {@code [UNK]} (tokenizers
 * {@code models/wordpiece}).
 */
final class WordPieceModel {

    private final Map<String, Integer> vocab;
    private final int unkId;
    private final String continuingPrefix;
    private final int maxInputCharsPerWord;

    WordPieceModel(Map<String, Integer> vocab, String unkToken, String continuingPrefix, int maxInputCharsPerWord) {
        Integer unk = vocab.get(unkToken);
        if (unk == null) {
            throw new IllegalArgumentException("unk_token [" + unkToken + "] is not in the vocabulary");
        }
        if (maxInputCharsPerWord <= 0) {
            throw new IllegalArgumentException("max_input_chars_per_word must be positive, got " + maxInputCharsPerWord);
        }
        this.vocab = Map.copyOf(vocab);
        this.unkId = unk;
        this.continuingPrefix = continuingPrefix;
        this.maxInputCharsPerWord = maxInputCharsPerWord;
    }

    Integer idOf(String token) {
        return vocab.get(token);
    }

    int vocabSize() {
        return vocab.size();
    }

    /** Appends the ids of {@code word}'s pieces to {@code out}. */
    void tokenize(String word, IntList out) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) {
            out.add(unkId);
            return;
        }
        int mark = out.size();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String piece = start == 0 ? word.substring(0, end) : continuingPrefix + word.substring(start, end);
                found = vocab.get(piece);
                if (found != null) {
                    break;
                }
                end = word.offsetByCodePoints(end, -1); // never split a surrogate pair
            }
            if (found == null) {
                out.truncate(mark);
                out.add(unkId);
                return;
            }
            out.add(found);
            start = end;
        }
    }
}
