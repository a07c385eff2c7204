package org.llmrerank.rescorer.strategy;

/** Counts model-tokenizer tokens of a text (special tokens excluded); the model's own tokenizer. */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);
}
