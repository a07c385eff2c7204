package org.llmrerank.elasticsearch.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.threadpool.ThreadPoolStats;
import org.llmrerank.elasticsearch.WindowReranker;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rest.stats.CounterGroup;
import org.llmrerank.rest.stats.ModelGauge;
import org.llmrerank.rest.stats.NodeRuntimeStats;

/**
 * Reads this node's inference executor and model load states for the stats' {@code inference} and {@code models}
 * sections, with the keys the OpenSearch plugin reports.
 */
public final class ServingGauges {

    private ServingGauges() {}

    /** @param executor the thread pool every model call of this node queues and runs on */
    public static NodeRuntimeStats of(ThreadPool threadPool, String executor, int queueCapacity, WindowReranker reranker) {
        return new NodeRuntimeStats(() -> inference(threadPool, executor, queueCapacity), () -> models(reranker.loadStates()));
    }

    static CounterGroup inference(ThreadPool threadPool, String executor, int queueCapacity) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ThreadPoolStats.Stats s : threadPool.stats()) {
            if (executor.equals(s.name())) {
                m.put("threads", (long) s.threads());
                m.put("active", (long) s.active());
                m.put("queue_depth", (long) s.queue());
                m.put("queue_capacity", (long) queueCapacity);
                m.put("rejected", s.rejected());
                m.put("completed", s.completed());
            }
        }
        return CounterGroup.of(m);
    }

    static Map<String, ModelGauge> models(Map<String, ModelRegistry.LoadState> states) {
        Map<String, ModelGauge> m = new LinkedHashMap<>();
        states.forEach((name, s) -> m.put(name, new ModelGauge(s.loaded() ? "loaded" : s.lastError() != null ? "failed" : "not_loaded",
            s.loaded() && s.weightBytes() >= 0 ? s.weightBytes() : 0L, s.loadMillis() >= 0 ? Long.valueOf(s.loadMillis()) : null,
            s.lastError())));
        return m;
    }
}
