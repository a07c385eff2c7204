package org.llmrerank.plugin.eval;

import org.opensearch.action.ActionType;

/**
 * {@code POST _plugins/_llm_rerank/_eval} as a task: listed by the tasks API, cancellable, its searches
 * registered as its children. It writes the judged queries into the node's stats, hence an admin action.
 */
public final class EvalAction extends ActionType<EvalActionResponse> {

    public static final String NAME = "cluster:admin/llm_rerank/eval";
    public static final EvalAction INSTANCE = new EvalAction();

    private EvalAction() {
        super(NAME, EvalActionResponse::new);
    }
}
