package org.llmrerank.plugin.rest;

import org.llmrerank.rest.ApiException;
import org.opensearch.OpenSearchStatusException;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.rest.RestStatus;

/** The API layer's refusals as the exceptions OpenSearch renders with the same status. */
public final class ApiErrors {

    private ApiErrors() {}

    /**
     * A 400 with one message is an illegal argument, as OpenSearch reports a bad parameter; with several, a validation
     * failure listing each. A 404 is a missing resource.
     */
    public static RuntimeException toOpenSearch(ApiException e) {
        return switch (e.status()) {
            case ApiException.BAD_REQUEST -> e.messages().size() == 1 ? new IllegalArgumentException(e.messages().get(0)) : validationFailure(e);
            case ApiException.NOT_FOUND -> new ResourceNotFoundException(e.getMessage());
            default -> new OpenSearchStatusException(e.getMessage(), RestStatus.fromCode(e.status()));
        };
    }

    /** Every message as a validation failure, however many: how the endpoints that validate a whole body answer. */
    public static ActionRequestValidationException validationFailure(ApiException e) {
        ActionRequestValidationException v = new ActionRequestValidationException();
        e.messages().forEach(v::addValidationError);
        return v;
    }

    /** {@code e} as OpenSearch renders it, when it is the API layer's; otherwise as it is. */
    public static Exception toOpenSearch(Exception e) {
        return e instanceof ApiException api ? toOpenSearch(api) : e;
    }
}
