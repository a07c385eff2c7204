package org.llmrerank.elasticsearch;

import org.elasticsearch.ElasticsearchStatusException;
import org.elasticsearch.rest.RestStatus;
import org.llmrerank.rescorer.pipeline.RerankResult;

/** A search the inference capacity could not take: 429 with when to retry (a Retry-After header), as on OpenSearch. */
public final class Rejections {

    private Rejections() {}

    public static ElasticsearchStatusException tooManyRequests(RerankResult rejected) {
        ElasticsearchStatusException e = new ElasticsearchStatusException("[llm_rerank] inference capacity exhausted: " + rejected.reason()
            + "; retry after " + rejected.retryAfterSeconds() + "s", RestStatus.TOO_MANY_REQUESTS);
        e.addBodyHeader("Retry-After", Long.toString(rejected.retryAfterSeconds()));
        return e;
    }
}
