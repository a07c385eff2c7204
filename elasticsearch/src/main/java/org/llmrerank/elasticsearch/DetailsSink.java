package org.llmrerank.elasticsearch;

import java.util.Map;
import java.util.function.Consumer;
import org.elasticsearch.common.util.concurrent.ThreadContext;

/**
 * Lets code on this node that runs searches for its own purposes (an evaluation) read each search's rerank details
 * itself: its searches hand their details to the sink instead of adding the {@value DetailsHeader#NAME} response
 * header, so the caller's own response does not collect one header per search. The sink travels as a transient of the
 * thread context, which stays on this node and follows the searches from thread to thread.
 */
public final class DetailsSink {

    private static final String TRANSIENT = "_llm_rerank_details_sink";

    private DetailsSink() {}

    /**
     * Puts {@code sink} in the current thread context, for the searches started from it.
     *
     * @return restores the context as it was; close it once the searches are started
     */
    public static ThreadContext.StoredContext install(ThreadContext context, Consumer<Map<String, Object>> sink) {
        ThreadContext.StoredContext restore = context.newStoredContext();
        context.putTransient(TRANSIENT, sink);
        return restore;
    }

    /** The sink of the current thread context; null when the search's details go to the response header. */
    static Consumer<Map<String, Object>> of(ThreadContext context) {
        return context.getTransient(TRANSIENT);
    }
}
