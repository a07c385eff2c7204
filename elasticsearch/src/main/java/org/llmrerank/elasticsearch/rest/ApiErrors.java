package org.llmrerank.elasticsearch.rest;

import org.elasticsearch.ElasticsearchStatusException;
import org.elasticsearch.ResourceNotFoundException;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.rest.RestStatus;
import org.llmrerank.rest.ApiException;

/** The API layer's refusals as the exceptions Elasticsearch renders with the same status and type as OpenSearch does. */
public final class ApiErrors {

    private ApiErrors() {}

    /**
     * A 400 with one message is an illegal argument, as Elasticsearch reports a bad parameter; with several, a validation
     * failure listing each. A 404 is a missing resource.
     */
    public static RuntimeException toElasticsearch(ApiException e) {
        return switch (e.status()) {
            case ApiException.BAD_REQUEST -> e.messages().size() == 1 ? new IllegalArgumentException(e.messages().get(0)) : validationFailure(e);
            case ApiException.NOT_FOUND -> new ResourceNotFoundException(e.getMessage());
            default -> new ElasticsearchStatusException(e.getMessage(), RestStatus.fromCode(e.status()));
        };
    }

    /** Every message as a validation failure, however many: how the endpoints that validate a whole body answer. */
    public static ActionRequestValidationException validationFailure(ApiException e) {
        ActionRequestValidationException v = new ActionRequestValidationException();
        e.messages().forEach(v::addValidationError);
        return v;
    }

    /** {@code e} as Elasticsearch renders it, when it is the API layer's; otherwise as it is. */
    public static Exception toElasticsearch(Exception e) {
        return e instanceof ApiException api ? toElasticsearch(api) : e;
    }
}
