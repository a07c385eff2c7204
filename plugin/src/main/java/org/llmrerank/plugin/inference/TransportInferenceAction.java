package org.llmrerank.plugin.inference;

import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

/**
 * Receives windows on an inference node. Runs on the transport thread only long enough to enqueue the program in the
 * node's scheduler (or reject it): the model runs on the scheduler's workers, never on a transport thread.
 */
public final class TransportInferenceAction extends HandledTransportAction<InferenceRequest, InferenceResponse> {

    private final InferenceService service;

    @Inject
    public TransportInferenceAction(TransportService transportService, ActionFilters actionFilters, InferenceService service) {
        super(InferenceAction.NAME, transportService, actionFilters, InferenceRequest::new, ThreadPool.Names.SAME);
        this.service = service;
        service.setTransportService(transportService);
    }

    @Override
    protected void doExecute(Task task, InferenceRequest request, ActionListener<InferenceResponse> listener) {
        service.serve(request, listener);
    }
}
