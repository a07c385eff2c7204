package org.llmrerank.elasticsearch.eval;

import org.elasticsearch.action.ActionType;

/**
 * {@code POST _llm_rerank/_eval} as a task: listed by the tasks API, cancellable, its searches registered as its
 * children. It runs on the node that received it. Named as on OpenSearch, a cluster admin action.
 */
public final class EvalAction {

    public static final ActionType<EvalActionResponse> INSTANCE = new ActionType<>("cluster:admin/llm_rerank/eval");

    private EvalAction() {}
}
