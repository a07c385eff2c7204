package org.llmrerank.estimator;

import java.io.BufferedReader;
import java.io.IOException;

/** The non-blank lines of a text with their 1-based line numbers: what every line-oriented reader here walks. */
final class NumberedLines {

    /** What a reader does with one line; an {@link InputException} it throws names the line. */
    @FunctionalInterface
    interface LineHandler {
        void accept(long lineNo, String line);
    }

    private NumberedLines() {}

    /** Calls {@code handler} for every non-blank line of {@code in}, in order; blank lines are skipped but counted. */
    static void forEachNonBlank(BufferedReader in, LineHandler handler) throws IOException {
        String line;
        long lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (!line.isBlank()) {
                handler.accept(lineNo, line);
            }
        }
    }
}
