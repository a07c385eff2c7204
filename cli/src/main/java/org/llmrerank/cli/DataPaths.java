package org.llmrerank.cli;

import java.nio.file.Path;

/**
 * Where the TREC DL data lives when no path is given: {@code ../shared/data/trec-dl} relative to
 * the repository root. The launcher passes the root as {@code -Dllmrerank.home}; without it the
 * working directory is taken as the root.
 */
final class DataPaths {

    static final String QRELS = "qrels.dl19-passage.txt";
    static final String BM25_RUN = "bm25-top100-dl19.json";

    private DataPaths() {}

    static Path dataDir(String override) {
        if (override != null) {
            return Path.of(override);
        }
        String home = System.getProperty("llmrerank.home");
        Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        return root.resolve("../shared/data/trec-dl").normalize();
    }
}
