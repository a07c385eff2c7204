package org.llmrerank.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

class RestRouteTest {

    @Test
    void modelsRoutesListGetPutAndDeleteOfOneModelAndTheListing() {
        assertEquals(List.of("GET /_llm_rerank/models", "GET /_llm_rerank/models/{name}", "PUT /_llm_rerank/models/{name}",
            "DELETE /_llm_rerank/models/{name}"), RestRoute.MODELS.stream().map(r -> r.method() + " " + r.path()).toList());
    }

    @Test
    void statsRoutesReadAndReset() {
        assertEquals(List.of("GET /_llm_rerank/stats", "GET /_llm_rerank/stats/{stat}", "POST /_llm_rerank/stats/_reset"),
            RestRoute.STATS.stream().map(r -> r.method() + " " + r.path()).toList());
    }

    @Test
    void bodyErrorsNameTheEndpointAndWhere() {
        assertEquals("[3:7] [models] the body must be one JSON object, found more after its end",
            RequestBodyErrors.contentAfterTheObject(3, 7, "models").getMessage());
        Exception cause = new IllegalStateException("too deep");
        IllegalArgumentException e = RequestBodyErrors.unparseable("_eval", cause);
        assertEquals("[_eval] the body cannot be parsed: too deep", e.getMessage());
        assertSame(cause, e.getCause());
    }
}
