package org.llmrerank.elasticsearch.inference;

import org.elasticsearch.action.ActionType;

/** Node-to-node: a coordinating node sends one query's window to an inference node. */
public final class InferenceAction {

    public static final String NAME = "internal:llm_rerank/inference";
    public static final ActionType<InferenceResponse> INSTANCE = new ActionType<>(NAME);

    private InferenceAction() {}
}
