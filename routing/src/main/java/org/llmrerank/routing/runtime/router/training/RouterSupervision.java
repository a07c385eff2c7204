package org.llmrerank.routing.runtime.router.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.llmrerank.estimator.QueryCandidates;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.Cosine;
import org.llmrerank.routing.QueryPassageInputs;
import org.llmrerank.routing.onnx.EncoderException;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.PathBiEncoder;
import org.llmrerank.routing.runtime.PrefixSharingEmbedder;
import org.llmrerank.routing.runtime.RoutedBiEncoder;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.PathSearch;
import org.llmrerank.routing.runtime.router.RouterTrainer;
import org.llmrerank.routing.runtime.router.TextRunner;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * Dr.LLM's offline supervision for a bi-encoder's routers: a path search ({@link PathSearch}) per training unit, whose
 * shortest rewarded path becomes that unit's labels, with the router inputs captured along it (teacher forcing).
 *
 * <p>{@link #perRequest} ({@link LayerRouters.Scope#REQUEST}): one search per training query over the path that the
 * query and all its passages take together (one embedding space per request). The reward re-scores the full-depth
 * top {@code rewardDepth} passages along the path and keeps the rest below them, in full-depth order: a routed path
 * moves scores by little, so a passage far below the top 10 at full depth does not enter it, and each path evaluation
 * costs {@code rewardDepth} passages, not the whole window (a training-time shortcut: evaluation reranks them all).
 * The example is the query's own sequence: at inference the query's routers choose the request's path.
 *
 * <p>{@link #perPassage} ({@link LayerRouters.Scope#SEQUENCE}): per sampled passage, a search over its own path with
 * the query at full depth; reward 1 when the passage's top-10 standing under its query is unchanged: with every other
 * candidate at its full-depth score, a passage ranked r <= 10 at full depth must keep rank r with its routed
 * embedding, and one ranked below 10 must stay below 10, exactly the condition under which routing that one passage
 * cannot change NDCG@10. Passages sampled per query: the top {@code top} by full-depth score and
 * {@code perQuery - top} random others.
 */
public final class RouterSupervision {

    /** Pass states a query's path search keeps (each one batch's hidden state: a few hundred KB for DL19 passages). */
    private static final int MAX_KEPT_STATES = 1500;

    /** What the path searches produced: one training example per searched unit. */
    public record Result(List<RouterTrainer.Example> examples, long[] labels, long pathLength, int evaluations) {

        static Result of(List<RouterTrainer.Example> examples, List<PathSearch.Result> results) {
            long[] labels = new long[3];
            long length = 0;
            int evaluations = 0;
            for (PathSearch.Result r : results) {
                for (int c : r.counts()) {
                    labels[c]++;
                }
                length += r.path().applications();
                evaluations += r.evaluations();
            }
            return new Result(examples, labels, length, evaluations);
        }
    }

    private final PathBiEncoder encoder;
    private final TextRunner runner;
    private final int simulations;
    private final int seed;
    private final Consumer<String> progress;
    private final long startNanos;

    /**
     * @param simulations path evaluations per search
     * @param progress    receives one line per query searched
     * @param startNanos  {@link System#nanoTime()} when the run began, for the progress lines' elapsed time
     */
    public RouterSupervision(PathBiEncoder encoder, int simulations, int seed, Consumer<String> progress, long startNanos) {
        this.encoder = encoder;
        this.runner = encoder.texts();
        this.simulations = simulations;
        this.seed = seed;
        this.progress = progress;
        this.startNanos = startNanos;
    }

    /** Layers of the model the routers will route. */
    public int layers() {
        return runner.layers();
    }

    /** Scope REQUEST: one search per query; reward 1 when {@code reward} accepts the query's ranking along the path. */
    public Result perRequest(List<QueryCandidates> train, Reward reward, int rewardDepth) throws EncoderException {
        int layers = runner.layers();
        List<RouterTrainer.Example> examples = new ArrayList<>();
        List<PathSearch.Result> results = new ArrayList<>();
        for (QueryCandidates q : train) {
            // full depth once: its order fixes which passages the reward re-scores and where the rest stay
            List<String> texts = q.candidates().stream().map(QueryCandidates.Candidate::content).toList();
            var e = encoder.embed(q.query(), texts, LayerPath.full(layers), new Cancellation()).texts();
            double[] fullScores = new double[texts.size()];
            for (int i = 0; i < fullScores.length; i++) {
                fullScores[i] = Cosine.of(e.query(), e.passages()[i]);
            }
            List<Integer> order = byScore(fullScores);
            List<Integer> head = order.subList(0, Math.min(rewardDepth, order.size()));
            List<String> headTexts = head.stream().map(texts::get).toList();
            Reward.Acceptance acceptance = reward.forQuery(q, order, fullScores);
            Encoding query = encoder.encodeQuery(q.query());
            PathSearch search = new PathSearch(layers, simulations, seed + examples.size());
            // the search's paths are mostly single edits of one another: each distinct prefix runs once
            PathSearch.Result best;
            try (PathEmbeddings paths = pathEmbeddings(QueryPassageInputs.of(query, headTexts, encoder::encodePassage))) {
                best = search.search(path -> {
                    float[][] rows = paths.embed(path);
                    double[] routed = new double[head.size()];
                    for (int i = 0; i < routed.length; i++) {
                        routed[i] = Cosine.of(rows[0], rows[i + 1]);
                    }
                    List<Integer> ranking = new ArrayList<>();
                    for (int i : byScore(routed)) {
                        ranking.add(head.get(i));
                    }
                    ranking.addAll(order.subList(head.size(), order.size()));
                    return acceptance.accepts(ranking) ? 1 : 0;
                });
            }
            results.add(best);
            examples.add(new RouterTrainer.Example(runner.routerInputs(query, best.counts()), best.counts()));
            progress.accept(String.format(Locale.ROOT, "query %s: %s, path %s (%d layers), %.0f s so far", q.qid(),
                    acceptance.describe(), best.path(), best.path().applications(), secondsSoFar()));
        }
        return Result.of(examples, results);
    }

    /** Scope SEQUENCE: one search per sampled passage, the query at full depth. */
    public Result perPassage(List<QueryCandidates> train, int perQuery, int top) throws EncoderException {
        int layers = runner.layers();
        LayerPath full = LayerPath.full(layers);
        Random random = new Random(seed);
        List<RouterTrainer.Example> examples = new ArrayList<>();
        List<PathSearch.Result> results = new ArrayList<>();
        for (QueryCandidates q : train) {
            List<String> texts = q.candidates().stream().map(QueryCandidates.Candidate::content).toList();
            var e = encoder.embed(q.query(), texts, full, new Cancellation()).texts();
            int n = texts.size();
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = Cosine.of(e.query(), e.passages()[i]);
            }
            Integer[] byScore = new Integer[n];
            for (int i = 0; i < n; i++) {
                byScore[i] = i;
            }
            Arrays.sort(byScore, (a, b) -> Double.compare(scores[b], scores[a]));
            List<Integer> chosen = new ArrayList<>(Arrays.asList(byScore).subList(0, Math.min(top, n)));
            List<Integer> rest = new ArrayList<>(Arrays.asList(byScore).subList(Math.min(top, n), n));
            Collections.shuffle(rest, random);
            chosen.addAll(rest.subList(0, Math.min(perQuery - chosen.size(), rest.size())));
            for (int j : chosen) {
                Encoding text = encoder.encodePassage(texts.get(j));
                int rank = rank(scores, j, scores[j]);
                PathSearch search = new PathSearch(layers, simulations, seed + j);
                PathSearch.Result best = search.search(path -> {
                    double s = Cosine.of(e.query(), unchecked(() -> runner.run(text, path)).embedding());
                    int r = rank(scores, j, s);
                    return (rank <= 10 ? r == rank : r > 10) ? 1 : 0;
                });
                results.add(best);
                examples.add(new RouterTrainer.Example(runner.routerInputs(text, best.counts()), best.counts()));
            }
            progress.accept(String.format(Locale.ROOT, "query %s: %d passages searched, %.0f s so far", q.qid(), chosen.size(),
                    secondsSoFar()));
        }
        return Result.of(examples, results);
    }

    /** The embeddings of fixed inputs along the paths a search asks for. */
    private interface PathEmbeddings extends AutoCloseable {
        float[][] embed(LayerPath path);

        @Override
        void close();
    }

    /**
     * On the DJL runtime the search's paths, mostly single edits of one another, run each distinct prefix once
     * ({@link PrefixSharingEmbedder}); another engine runs every path from the start.
     */
    private PathEmbeddings pathEmbeddings(List<Encoding> inputs) {
        if (encoder instanceof RoutedBiEncoder djl) {
            PrefixSharingEmbedder shared = new PrefixSharingEmbedder(djl.encoder(), inputs, MAX_KEPT_STATES);
            return new PathEmbeddings() {
                @Override
                public float[][] embed(LayerPath path) {
                    return shared.embed(path);
                }

                @Override
                public void close() {
                    shared.close();
                }
            };
        }
        return new PathEmbeddings() {
            @Override
            public float[][] embed(LayerPath path) {
                return unchecked(() -> encoder.embed(inputs, path, new Cancellation())).embeddings();
            }

            @Override
            public void close() {
                // each path ran from the start: no states kept
            }
        };
    }

    /** An engine call inside a path search's reward, which cannot throw checked exceptions. */
    private interface EngineCall<T> {
        T call() throws EncoderException;
    }

    private static <T> T unchecked(EngineCall<T> call) {
        try {
            return call.call();
        } catch (EncoderException e) {
            throw new IllegalStateException("a path evaluation failed: " + e.getMessage(), e);
        }
    }

    private double secondsSoFar() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Indices by descending score; ties keep first-stage order. */
    static List<Integer> byScore(double[] scores) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(scores[b], scores[a]));
        return order;
    }

    /** 1-based rank of candidate j if its score were s, the others at their full-depth scores. */
    static int rank(double[] scores, int j, double s) {
        int r = 1;
        for (int k = 0; k < scores.length; k++) {
            if (k != j && scores[k] > s) {
                r++;
            }
        }
        return r;
    }
}
