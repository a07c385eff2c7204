package org.llmrerank.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.estimator.TopicsReader;

/**
 * Training queries for label-free router training ({@code train-routers --topics}): real queries that are not in the
 * evaluation run, each given a first stage by BM25 over the run's passages ({@link Bm25Pool}).
 *
 * <p>Why this source: routers of scope request read only the query, and 21 judged DL19 queries are too few examples
 * to learn which queries tolerate a shorter path (routers trained on qrels of 21 DL19 queries lost 0.033 NDCG@10 on the 22 held out). The MS MARCO passage dev queries
 * are the same kind of queries as DL19's (real Bing questions; DL19's come from the MS MARCO test set, none are dev
 * queries), and agreement with full depth needs no judgments. The pool is small (4,300 passages on 43 topics), so many
 * dev queries find nothing close; {@code --min-bm25} keeps those whose best hit scores at least that much.
 */
final class TrainingTopics {

    /** The MS MARCO passage dev subset (6,980 queries) inside Anserini 0.13.3's jar (a runtime dependency of the CLI). */
    static final String MSMARCO_DEV = "msmarco-dev";
    private static final String MSMARCO_DEV_RESOURCE = "topics-and-qrels/topics.msmarco-passage.dev-subset.txt";

    private TrainingTopics() {}

    /** {@code msmarco-dev} or a {@code qid<TAB>query} file. */
    static List<TopicsReader.Topic> read(String source) {
        if (!source.equals(MSMARCO_DEV)) {
            return TopicsReader.read(Path.of(source));
        }
        InputStream in = TrainingTopics.class.getClassLoader().getResourceAsStream(MSMARCO_DEV_RESOURCE);
        if (in == null) {
            throw new InputException("--topics " + MSMARCO_DEV + ": " + MSMARCO_DEV_RESOURCE
                    + " is not on the classpath (it ships in io.anserini:anserini:0.13.3, a dependency of the CLI)");
        }
        try (InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return TopicsReader.read(reader, MSMARCO_DEV_RESOURCE);
        } catch (IOException e) {
            throw new InputException(MSMARCO_DEV_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first {@code n} topics, in file order, that are not queries of {@code run} (by id or by text) and whose BM25
     * top 100 over the run's passages has at least {@code minHits} passages and a best score of at least
     * {@code minBm25}.
     */
    static List<QueryCandidates> select(List<TopicsReader.Topic> topics, List<QueryCandidates> run, int n, double minBm25,
                                        int minHits, PrintStream out) {
        Set<String> evalIds = new HashSet<>();
        Set<String> evalTexts = new HashSet<>();
        for (QueryCandidates q : run) {
            evalIds.add(q.qid());
            evalTexts.add(normalise(q.query()));
        }
        List<QueryCandidates> selected = new ArrayList<>();
        int overlapping = 0;
        int weak = 0;
        int read = 0;
        try (Bm25Pool pool = Bm25Pool.of(run)) {
            for (TopicsReader.Topic t : topics) {
                if (selected.size() >= n) {
                    break;
                }
                read++;
                if (evalIds.contains(t.qid()) || evalTexts.contains(normalise(t.query()))) {
                    overlapping++;
                    continue;
                }
                QueryCandidates q = pool.search(t.qid(), t.query(), 100);
                if (q.candidates().size() < minHits || q.candidates().get(0).score() < minBm25) {
                    weak++;
                    continue;
                }
                selected.add(q);
            }
            out.printf(Locale.ROOT, "training topics: %d of the first %d read (%d are evaluation queries, %d with fewer than %d BM25 "
                    + "hits or a best hit under %.1f), BM25 over %d pooled passages%n", selected.size(), read, overlapping, weak,
                    minHits, minBm25, pool.size());
        } catch (IOException e) {
            throw new InputException("closing the BM25 pool: " + e.getMessage(), e);
        }
        return selected;
    }

    private static String normalise(String query) {
        return query.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
