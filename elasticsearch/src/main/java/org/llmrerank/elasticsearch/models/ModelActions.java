package org.llmrerank.elasticsearch.models;

import org.elasticsearch.action.ActionType;
import org.elasticsearch.action.support.master.AcknowledgedResponse;

/**
 * The models API's transport actions, named as on OpenSearch so that a role grants the same: registering and deleting
 * are cluster admin actions, listing is a cluster monitor action.
 */
public final class ModelActions {

    public static final ActionType<AcknowledgedResponse> PUT = new ActionType<>("cluster:admin/llm_rerank/models/put");
    public static final ActionType<AcknowledgedResponse> DELETE = new ActionType<>("cluster:admin/llm_rerank/models/delete");
    public static final ActionType<ModelsResponse> GET = new ActionType<>("cluster:monitor/llm_rerank/models/get");

    private ModelActions() {}
}
