package org.llmrerank.plugin.models;

import org.opensearch.action.ActionType;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;

/**
 * Transport action names, as the security plugin sees them: registering and deleting are cluster
 * admin actions, listing is a cluster monitor action.
 */
public final class ModelActions {

    public static final String PUT_NAME = "cluster:admin/llm_rerank/models/put";
    public static final String DELETE_NAME = "cluster:admin/llm_rerank/models/delete";
    public static final String GET_NAME = "cluster:monitor/llm_rerank/models/get";

    public static final ActionType<AcknowledgedResponse> PUT = new ActionType<>(PUT_NAME, AcknowledgedResponse::new);
    public static final ActionType<AcknowledgedResponse> DELETE = new ActionType<>(DELETE_NAME, AcknowledgedResponse::new);
    public static final ActionType<ModelsResponse> GET = new ActionType<>(GET_NAME, ModelsResponse::new);

    private ModelActions() {}
}
