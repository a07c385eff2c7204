package org.llmrerank.rest.eval;

import java.util.Map;
import org.llmrerank.scheduler.RerankCounters;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

/** Entry point for running an evaluation (EvalRun stays package-private: one run, one use). */
public final class Evaluations {

    private Evaluations() {}

    public static void run(Client client, EvalRequest request, RerankCounters counters, ActionListener<Map<String, Object>> listener) {
        new EvalRun(client, request, counters, listener).start();
    }
}
