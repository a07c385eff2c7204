package org.llmrerank.plugin.inference;

import org.opensearch.action.ActionType;

/** Node-to-node: a coordinating node sends one query's window to an inference node. */
public final class InferenceAction extends ActionType<InferenceResponse> {

    public static final String NAME = "internal:llm_rerank/inference";
    public static final InferenceAction INSTANCE = new InferenceAction();

    private InferenceAction() {
        super(NAME, InferenceResponse::new);
    }
}
