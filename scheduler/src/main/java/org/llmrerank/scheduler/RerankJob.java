package org.llmrerank.scheduler;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.llmrerank.routing.Cancellation;

/**
 * One query's rerank program waiting for or holding a worker: the window's texts (null = no text), the requested
 * model, the absolute deadline on this node's clock, the predicted cost, and where the result goes (exactly once).
 */
public final class RerankJob {

    final long id;
    final String model;
    final String query;
    final List<String> texts;
    final long arrivalNanos;
    final long deadlineNanos;
    final Cancellation cancellation;
    private final Consumer<JobResult> callback;
    private final AtomicBoolean delivered = new AtomicBoolean();
    /** predicted FLOPs of the query's pass and of each passage's pass with the requested model (0 without text) */
    final double queryFlops;
    final double[] passageFlops;
    /** the SJF key: FLOPs this program is expected to spend (historical mean depth under the certaindex policy) */
    final double expectedFlops;

    RerankJob(long id, String model, String query, List<String> texts, long arrivalNanos, long deadlineNanos, Cancellation cancellation,
              Consumer<JobResult> callback, double queryFlops, double[] passageFlops, double expectedFlops) {
        this.id = id;
        this.model = model;
        this.query = query;
        this.texts = texts;
        this.arrivalNanos = arrivalNanos;
        this.deadlineNanos = deadlineNanos;
        this.cancellation = cancellation;
        this.callback = callback;
        this.queryFlops = queryFlops;
        this.passageFlops = passageFlops;
        this.expectedFlops = expectedFlops;
    }

    public long id() {
        return id;
    }

    public double expectedFlops() {
        return expectedFlops;
    }

    boolean deliver(JobResult r) {
        if (delivered.compareAndSet(false, true)) {
            callback.accept(r);
            return true;
        }
        return false;
    }

    /** FLOPs of judging window positions [from, to) with the requested model, query pass included. */
    double flops(int from, int to) {
        double f = queryFlops;
        for (int i = from; i < to; i++) {
            f += passageFlops[i];
        }
        return f;
    }

    double fullFlops() {
        return flops(0, texts.size());
    }
}
