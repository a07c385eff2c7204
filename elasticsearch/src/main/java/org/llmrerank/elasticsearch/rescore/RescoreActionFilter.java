package org.llmrerank.elasticsearch.rescore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionResponse;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.action.search.TransportSearchAction;
import org.elasticsearch.action.support.ActionFilter;
import org.elasticsearch.action.support.ActionFilterChain;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.project.ProjectResolver;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.tasks.Task;
import org.llmrerank.elasticsearch.RerankNode;
import org.llmrerank.elasticsearch.Rejections;
import org.llmrerank.elasticsearch.SearchRerank;
import org.llmrerank.elasticsearch.WindowReranker;
import org.llmrerank.rescorer.pipeline.RerankResult;

/**
 * Takes the {@code llm_rerank} rescore clause out of a search on the coordinating node: checks it (a 400 with every
 * problem), runs the first stage without it for the merged global window, reranks the window through the
 * {@link WindowReranker} and answers with the user's page ({@link SearchRerank} counts it and puts its details in a
 * response header). Searches without the clause pass through untouched.
 */
public final class RescoreActionFilter implements ActionFilter {

    private final RerankNode.Ref node;
    private volatile IndexNameExpressionResolver indexResolver;
    private volatile ProjectResolver projects;

    public RescoreActionFilter(RerankNode.Ref node) {
        this.node = node;
    }

    /** Action filters are created before the node's services; the resolvers of indices and projects arrive with them. */
    public void setResolvers(IndexNameExpressionResolver indexResolver, ProjectResolver projects) {
        this.indexResolver = indexResolver;
        this.projects = projects;
    }

    @Override
    public int order() {
        // after security filters (low orders), so that permissions are checked on the user's own request
        return Integer.MAX_VALUE - 100;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <Request extends ActionRequest, Response extends ActionResponse> void apply(Task task, String action, Request request,
        ActionListener<Response> listener, ActionFilterChain<Request, Response> chain) {
        if (TransportSearchAction.NAME.equals(action) == false || (request instanceof SearchRequest) == false
            || RescorePlan.findClause((SearchRequest) request) == null) {
            chain.proceed(task, action, request, listener);
            return;
        }
        SearchRequest search = (SearchRequest) request;
        long startNanos = System.nanoTime();
        final RerankNode n;
        final RescorePlan plan;
        try {
            n = node.get();
            plan = RescorePlan.of(search, n, indexResolver, projects);
        } catch (Exception e) {
            listener.onFailure(e);
            return;
        }
        ActionListener<SearchResponse> user = (ActionListener<SearchResponse>) listener;
        chain.proceed(task, action, (Request) plan.firstStage(), (ActionListener<Response>) ActionListener.<SearchResponse>wrap(
            firstStage -> rerank(n, plan, firstStage, user, startNanos), user::onFailure));
    }

    private static void rerank(RerankNode node, RescorePlan plan, SearchResponse firstStage, ActionListener<SearchResponse> user,
                               long startNanos) {
        SearchHit[] hits = firstStage.getHits().getHits();
        int window = Math.min(hits.length, plan.clause().windowSize());
        List<WindowReranker.Hit> windowHits = new ArrayList<>(window);
        for (int i = 0; i < window; i++) {
            DocumentField values = hits[i].field(plan.clause().field());
            windowHits.add(new WindowReranker.Hit(hits[i].getIndex() + "/" + hits[i].getId(),
                values == null ? null : plan.clause().passage(values.getValues()), hits[i].getScore()));
        }
        // a page past the window (or size 0) holds no position the rerank can change: the pipeline then spends nothing
        boolean pageTouchesWindow = plan.size() > 0 && plan.from() < window;
        firstStage.incRef(); // held until the page is built, possibly on another thread
        AtomicBoolean answered = new AtomicBoolean();
        try {
            SearchRerank.start(node, plan.clause().queryText(), windowHits, plan.clause().options(), pageTouchesWindow, startNanos,
                firstStage.getTookInMillis(), result -> {
                    answered.set(true);
                    try {
                        respond(user, firstStage, plan, result, startNanos);
                    } finally {
                        firstStage.decRef();
                    }
                });
        } catch (RuntimeException e) {
            if (answered.get()) {
                throw e; // the user has had its answer
            }
            firstStage.decRef();
            user.onFailure(e);
        }
    }

    private static void respond(ActionListener<SearchResponse> user, SearchResponse firstStage, RescorePlan plan, RerankResult result,
                                long startNanos) {
        if (result.status() == RerankResult.Status.REJECTED) {
            user.onFailure(Rejections.tooManyRequests(result));
            return;
        }
        final SearchResponse page;
        try {
            long extraMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) - firstStage.getTookInMillis());
            page = RescoredResponse.build(firstStage, plan, result, extraMillis);
        } catch (Exception e) {
            user.onFailure(e);
            return;
        }
        ActionListener.respondAndRelease(user, page);
    }
}
