package org.llmrerank.estimator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads TREC topics in the MS MARCO / Anserini TSV form: {@code qid<TAB>query} per line. Blank lines are skipped;
 * a line without a tab, an empty qid or query, or a repeated qid is an {@link InputException} naming the source
 * and line.
 */
public final class TopicsReader {

    /** One query. */
    public record Topic(String qid, String query) {}

    private TopicsReader() {}

    public static List<Topic> read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read topics: " + e.getMessage(), e);
        }
    }

    /** Topics from a reader (a classpath resource, say); {@code source} names it in messages. */
    public static List<Topic> read(Reader reader, String source) {
        try (BufferedReader in = new BufferedReader(reader)) {
            List<Topic> topics = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Path where = Path.of(source);
            NumberedLines.forEachNonBlank(in, (lineNo, line) -> {
                int tab = line.indexOf('\t');
                String qid = tab < 0 ? "" : line.substring(0, tab).trim();
                String query = tab < 0 ? "" : line.substring(tab + 1).trim();
                if (qid.isEmpty() || query.isEmpty()) {
                    throw InputException.atLine(where, lineNo, "expected 'qid<TAB>query', got '" + line + "'");
                }
                if (!seen.add(qid)) {
                    throw InputException.atLine(where, lineNo, "query id " + qid + " appears twice");
                }
                topics.add(new Topic(qid, query));
            });
            return topics;
        } catch (IOException e) {
            throw new InputException(source + ": cannot read topics: " + e.getMessage(), e);
        }
    }
}
