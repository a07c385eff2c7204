package org.llmrerank.estimator;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tells the two run formats apart by their first non-blank character: '[' = rank_llm JSON, else TREC. */
public final class RunFiles {

    private RunFiles() {}

    public static boolean isRankLlmJson(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) != -1) {
                if (!Character.isWhitespace(c)) {
                    return c == '[';
                }
            }
            return false;
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
