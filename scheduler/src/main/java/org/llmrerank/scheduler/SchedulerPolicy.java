package org.llmrerank.scheduler;

import java.util.Locale;

/**
 * How an inference node orders and sizes rerank programs.
 * <ul>
 *   <li>{@code FIFO}: arrival order, every program judges its whole window with the requested model, no early stop,
 *       no degradation (the baseline of the load test; a program whose deadline passed before it started is skipped).</li>
 *   <li>{@code CERTAINDEX}: approximate shortest-job-first by predicted FLOPs with a finish-time-fairness guard, gang
 *       execution of one program's calls, certaindex-driven early stop (Dynasor's certaindex carried over to reranking:
 *       our extension, not in the paper), and deadline-driven degradation (shorter depth, cheaper model, first-stage
 *       order) instead of missing the deadline.</li>
 * </ul>
 */
public enum SchedulerPolicy {
    FIFO,
    CERTAINDEX;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SchedulerPolicy fromKey(String key) {
        for (SchedulerPolicy p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown scheduler policy [" + key + "]; expected one of [fifo, certaindex]");
    }
}
