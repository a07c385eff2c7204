package org.llmrerank.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rest.stats.CounterGroup;
import org.llmrerank.rest.stats.ModelGauge;
import org.llmrerank.rest.stats.NodeRuntimeStats;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.threadpool.ThreadPoolStats;

/** Reads this node's inference executor and model registry for the stats' {@code inference} and {@code models} sections. */
final class ServingGauges {

    private ServingGauges() {}

    static NodeRuntimeStats of(ThreadPool threadPool, int queueCapacity, RerankModelProvider models) {
        return new NodeRuntimeStats(() -> inference(threadPool, queueCapacity), () -> models(models));
    }

    /** The {@code llm_rerank} executor: every model call of this node queues and runs there. */
    static CounterGroup inference(ThreadPool threadPool, int queueCapacity) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (ThreadPoolStats.Stats s : threadPool.stats()) {
            if (RerankService.EXECUTOR.equals(s.getName())) {
                m.put("threads", (long) s.getThreads());
                m.put("active", (long) s.getActive());
                m.put("queue_depth", (long) s.getQueue());
                m.put("queue_capacity", (long) queueCapacity);
                m.put("rejected", s.getRejected());
                m.put("completed", s.getCompleted());
            }
        }
        return CounterGroup.of(m);
    }

    static Map<String, ModelGauge> models(RerankModelProvider models) {
        Map<String, ModelGauge> m = new LinkedHashMap<>();
        for (Map.Entry<String, ModelRegistry.LoadState> e : models.loadStates().entrySet()) {
            ModelRegistry.LoadState s = e.getValue();
            m.put(e.getKey(), new ModelGauge(s.loaded() ? "loaded" : s.lastError() != null ? "failed" : "not_loaded",
                s.loaded() && s.weightBytes() >= 0 ? s.weightBytes() : 0L, s.loadMillis() >= 0 ? Long.valueOf(s.loadMillis()) : null,
                s.lastError()));
        }
        return m;
    }
}
