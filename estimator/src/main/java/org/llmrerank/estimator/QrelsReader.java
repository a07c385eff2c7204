package org.llmrerank.estimator;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads TREC qrels: {@code qid iteration docid grade} per line, whitespace separated. Blank lines
 * are skipped; anything else malformed, and a repeated (qid, docid) pair (trec_eval rejects it too),
 * is an {@link InputException} naming the file and line.
 */
public final class QrelsReader {

    private QrelsReader() {}

    public static Qrels read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read qrels: " + e.getMessage(), e);
        }
    }

    /** Qrels from text, e.g. a TREC qrels file sent in a request body; {@code source} names it in messages. */
    public static Qrels read(String text, String source) {
        try (BufferedReader in = new BufferedReader(new java.io.StringReader(text))) {
            return read(in, Path.of(source));
        } catch (IOException e) {
            throw new InputException(source + ": cannot read qrels: " + e.getMessage(), e);
        }
    }

    private static Qrels read(BufferedReader in, Path file) throws IOException {
        Map<String, Map<String, Integer>> judgments = new LinkedHashMap<>();
        NumberedLines.forEachNonBlank(in, (lineNo, line) -> {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4) {
                throw InputException.atLine(file, lineNo,
                        "expected 4 fields 'qid iteration docid grade', found " + f.length + ": " + line);
            }
            int grade = grade(file, lineNo, f[3]);
            Integer previous = judgments.computeIfAbsent(f[0], q -> new LinkedHashMap<>()).put(f[2], grade);
            if (previous != null) {
                throw InputException.atLine(file, lineNo, "document " + f[2] + " judged twice for query " + f[0]);
            }
        });
        if (judgments.isEmpty()) {
            throw new InputException(file + ": no judgments");
        }
        return new Qrels(judgments);
    }

    private static int grade(Path file, long lineNo, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw InputException.atLine(file, lineNo, "grade '" + text + "' is not an integer");
        }
    }
}
