package org.llmrerank.estimator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which trec_eval ranks a query's results: by score descending, ties broken by docid
 * in <em>descending</em> strcmp order (trec_eval 9.x {@code form_res_rels.c, comp_sim_docno}:
 * {@code return strcmp(p2->docno, p1->docno)}). The rank column of a run file is ignored. Scores
 * are compared as doubles, as trec_eval parses them with {@code atof} into a double.
 */
public final class TrecEvalOrder {

    /** strcmp compares unsigned bytes; comparing UTF-8 bytes keeps non-ASCII ids identical to it. */
    private static final Comparator<String> STRCMP = (a, b) -> {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    };

    public static final Comparator<ScoredDoc> COMPARATOR = Comparator
            .comparingDouble(ScoredDoc::score).reversed()
            .thenComparing(ScoredDoc::docid, STRCMP.reversed());

    /** trec_eval's default -M: only the first 1000 sorted results of a query count. */
    public static final int MAX_DOCS_PER_QUERY = 1000;

    private TrecEvalOrder() {}

    public static List<ScoredDoc> sort(List<ScoredDoc> docs) {
        List<ScoredDoc> sorted = new ArrayList<>(docs);
        sorted.sort(COMPARATOR);
        return sorted.size() > MAX_DOCS_PER_QUERY ? sorted.subList(0, MAX_DOCS_PER_QUERY) : sorted;
    }
}
