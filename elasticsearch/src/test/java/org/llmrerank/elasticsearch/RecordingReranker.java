package org.llmrerank.elasticsearch;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyReport;
import org.llmrerank.rescorer.pipeline.RerankOptions;
import org.llmrerank.rescorer.pipeline.RerankResult;
import org.llmrerank.rest.models.RegisteredModels;

/**
 * Test stand-in: records every window it is handed and, for the model {@value #BY_LENGTH}, ranks hits by the length of
 * their text (longest first; hits without text unjudged), answering on another thread as a real model would. Every other
 * model goes to the node's real reranker.
 */
public final class RecordingReranker implements WindowReranker, Closeable {

    /** A stand-in model whose order a test can predict without any neural network. */
    public static final String BY_LENGTH = "test-by-length";

    /** One call as the plugin made it. */
    public record Call(String queryText, List<Hit> hits, RerankOptions options) {}

    public static final ConcurrentLinkedQueue<Call> CALLS = new ConcurrentLinkedQueue<>();

    private final WindowReranker real;
    private final Executor executor;

    public RecordingReranker(WindowReranker real, Executor executor) {
        this.real = real;
        this.executor = executor;
    }

    @Override
    public void rerank(String queryText, List<Hit> hits, RerankOptions options, boolean pageTouchesWindow, Consumer<RerankResult> done) {
        CALLS.add(new Call(queryText, List.copyOf(hits), options));
        if (BY_LENGTH.equals(options.model()) == false) {
            real.rerank(queryText, hits, options, pageTouchesWindow, done);
            return;
        }
        executor.execute(() -> done.accept(RerankResult.reranked(byLength(hits), null, 0, 0)));
    }

    /** Judged hits longest first, then hits without text; ties in first-stage order. */
    public static RerankOutcome byLength(List<Hit> hits) {
        int n = hits.size();
        float[] scores = new float[n];
        List<Integer> order = new ArrayList<>();
        int judged = 0;
        for (int i = 0; i < n; i++) {
            String t = hits.get(i).text();
            scores[i] = t == null || t.isBlank() ? Float.NaN : t.length();
            judged += Float.isNaN(scores[i]) ? 0 : 1;
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> Float.isNaN(scores[i]) ? 1 : 0)
            .thenComparingDouble(i -> Float.isNaN(scores[i]) ? 0 : -scores[i]).thenComparingInt(i -> i));
        return new RerankOutcome(order.stream().mapToInt(Integer::intValue).toArray(), scores, Strategy.POINTWISE_EMBEDDING, judged, 0,
            -1, 0, 0, LayerUsage.UNREPORTED, new RerankOutcome.BudgetEffect(judged, judged, true),
            StrategyReport.pointwise(BY_LENGTH, Strategy.POINTWISE_EMBEDDING, judged));
    }

    @Override
    public Set<String> models() {
        Set<String> all = new HashSet<>(real.models());
        all.add(BY_LENGTH);
        return all;
    }

    @Override
    public Set<Strategy> strategiesOf(String model) {
        return BY_LENGTH.equals(model) ? Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING) : real.strategiesOf(model);
    }

    @Override
    public RegisteredModels.Target registrations() {
        return real.registrations();
    }

    @Override
    public boolean isLoaded(String model) {
        return real.isLoaded(model);
    }

    @Override
    public void close() throws IOException {
        if (real instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
