package org.llmrerank.elasticsearch.inference;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.HandledTransportAction;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.transport.TransportService;

/**
 * Receives windows on an inference node. Runs on the transport thread only long enough to enqueue the program in the
 * node's scheduler (or reject it): the model runs on the scheduler's workers, never on a transport thread.
 */
public final class TransportInferenceAction extends HandledTransportAction<InferenceRequest, InferenceResponse> {

    private final EsInferenceService service;

    @Inject
    public TransportInferenceAction(TransportService transportService, ActionFilters actionFilters, EsInferenceService service) {
        super(InferenceAction.NAME, transportService, actionFilters, InferenceRequest::new, EsExecutors.DIRECT_EXECUTOR_SERVICE);
        this.service = service;
        service.setTransportService(transportService);
    }

    @Override
    protected void doExecute(Task task, InferenceRequest request, ActionListener<InferenceResponse> listener) {
        service.serve(request, listener);
    }
}
