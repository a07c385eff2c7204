package org.llmrerank.routing.tokenizer;

import java.util.Objects;

/**
 * A tokenizer with the text prefixes an embedding model was trained with (bge's query instruction, e5's
 * {@code "query: "} / {@code "passage: "}): every bi-encoder encodes its queries and passages through one.
 */
public record PrefixedTokenizer(WordPieceTokenizer tokenizer, String queryPrefix, String passagePrefix) {

    public PrefixedTokenizer {
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(queryPrefix, "queryPrefix");
        Objects.requireNonNull(passagePrefix, "passagePrefix");
    }

    public Encoding query(String query) {
        return tokenizer.encode(queryPrefix + query);
    }

    public Encoding passage(String passage) {
        return tokenizer.encode(passagePrefix + passage);
    }
}
