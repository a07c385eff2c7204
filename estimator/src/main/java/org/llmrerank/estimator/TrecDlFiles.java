package org.llmrerank.estimator;

import java.nio.file.Path;

/**
 * Where the TREC DL data lives and what its files are called. Without a directory given it is
 * {@code ../shared/data/trec-dl} relative to the repository root: the launcher passes the root as
 * {@code -Dllmrerank.home}; without it the working directory is taken as the root.
 */
public final class TrecDlFiles {

    /** DL19 passage judgments, trec_eval format. */
    public static final String QRELS = "qrels.dl19-passage.txt";
    /** BM25 top 100 of every DL19 query with passage texts, rank_llm JSON. */
    public static final String BM25_RUN = "bm25-top100-dl19.json";

    private TrecDlFiles() {}

    /** {@code override} when given, else the data directory beside the repository root. */
    public static Path dataDir(String override) {
        if (override != null) {
            return Path.of(override);
        }
        String home = System.getProperty("llmrerank.home");
        Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        return root.resolve("../shared/data/trec-dl").normalize();
    }
}
