package org.llmrerank.estimator;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a TREC run: {@code qid Q0 docid rank score tag} per line. The rank is checked to be an
 * integer but not used (trec_eval orders by score). A document listed twice for a query is an error,
 * as in trec_eval.
 */
public final class TrecRunReader {

    private TrecRunReader() {}

    public static Run read(Path file) {
        Map<String, List<ScoredDoc>> results = new LinkedHashMap<>();
        Map<String, Set<String>> seen = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            NumberedLines.forEachNonBlank(in, (lineNo, line) -> {
                String[] f = line.trim().split("\\s+");
                if (f.length != 6) {
                    throw InputException.atLine(file, lineNo,
                            "expected 6 fields 'qid Q0 docid rank score tag', found " + f.length + ": " + line);
                }
                try {
                    Long.parseLong(f[3]);
                } catch (NumberFormatException e) {
                    throw InputException.atLine(file, lineNo, "rank '" + f[3] + "' is not an integer");
                }
                double score = score(file, lineNo, f[4]);
                if (!Double.isFinite(score)) {
                    throw InputException.atLine(file, lineNo, "score '" + f[4] + "' is not finite");
                }
                if (!seen.computeIfAbsent(f[0], q -> new HashSet<>()).add(f[2])) {
                    throw InputException.atLine(file, lineNo, "document " + f[2] + " listed twice for query " + f[0]);
                }
                results.computeIfAbsent(f[0], q -> new ArrayList<>()).add(new ScoredDoc(f[2], score));
            });
        } catch (IOException e) {
            throw new InputException(file + ": cannot read run: " + e.getMessage(), e);
        }
        if (results.isEmpty()) {
            throw new InputException(file + ": run has no results");
        }
        return new Run(results);
    }

    private static double score(Path file, long lineNo, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw InputException.atLine(file, lineNo, "score '" + text + "' is not a number");
        }
    }
}
