package org.llmrerank.plugin;

import java.util.List;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.search.SearchAction;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.action.search.SearchResponse;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.action.support.ActionFilterChain;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.tasks.Task;

/**
 * Intercepts searches that carry an {@code llm_rerank} clause on the coordinating node: validates
 * them (400 with every error), runs the first stage without the clause for the global top window,
 * then hands the merged hits to {@link RerankExecution}. Searches without the clause pass through
 * untouched.
 *
 * <p>Action filters are built before the plugin's components exist, so the service arrives later
 * through {@link #setService}; until then (node start-up) the filter cannot rerank and says so.
 */
public final class RerankActionFilter implements ActionFilter {

    private volatile RerankService service;

    void setService(RerankService service) {
        this.service = service;
    }

    @Override
    public int order() {
        // after security filters (which use low orders) so permissions are checked on the user's request
        return Integer.MAX_VALUE - 100;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Request extends ActionRequest, Response extends ActionResponse> void apply(
        Task task,
        String action,
        Request request,
        ActionListener<Response> listener,
        ActionFilterChain<Request, Response> chain
    ) {
        if (SearchAction.NAME.equals(action) == false || (request instanceof SearchRequest) == false) {
            chain.proceed(task, action, request, listener);
            return;
        }
        SearchRequest search = (SearchRequest) request;
        RerankService s = service;
        if (s != null && search.getParentTask().isSet() == false && search.source() != null
            && ParsedClauses.droppedFrom(s.threadPool().getThreadContext(), search.source().rescores()).isEmpty() == false) {
            List<String> others = search.source().rescores() == null ? List.of()
                : search.source().rescores().stream().map(r -> "[" + r.getWriteableName() + "]").distinct().toList();
            listener.onFailure(new IllegalArgumentException("[rescore] a rescore object holds [llm_rerank] and another rescorer "
                + String.join(", ", others) + ", and OpenSearch keeps only the last one, so the rerank would be lost: give each "
                + "rescorer its own object in a rescore array"));
            return;
        }
        if (RerankRequestResolver.findClause(search) == null) {
            chain.proceed(task, action, request, listener);
            return;
        }
        if (s == null) {
            listener.onFailure(new IllegalStateException("[llm_rerank] the plugin is still starting on this node; retry"));
            return;
        }
        final ResolvedRerank resolved;
        final long startNanos = System.nanoTime();
        try {
            resolved = s.resolve(search);
        } catch (Exception e) {
            listener.onFailure(e);
            return;
        }
        ActionListener<SearchResponse> userListener = (ActionListener<SearchResponse>) listener;
        chain.proceed(task, action, (Request) resolved.firstStage(), (ActionListener<Response>) ActionListener.<SearchResponse>wrap(
            firstStage -> new RerankExecution(s, resolved, firstStage, userListener, startNanos, task).start(),
            userListener::onFailure
        ));
    }
}
