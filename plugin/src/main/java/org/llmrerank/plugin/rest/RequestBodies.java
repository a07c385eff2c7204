package org.llmrerank.plugin.rest;

import java.io.IOException;
import java.util.Map;
import org.llmrerank.rest.RequestBodyErrors;
import org.opensearch.ExceptionsHelper;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.core.xcontent.XContentLocation;
import org.opensearch.core.xcontent.XContentParser;

/**
 * Reads a REST body that must be exactly one JSON object. What the JSON parser refuses for its own limits (nesting
 * depth, number or string length) is the caller's input, so it is a 400 rather than the 500 it would surface as; so is
 * content after the object's end, which the parser would otherwise ignore.
 */
public final class RequestBodies {

    private RequestBodies() {}

    public static Map<String, Object> oneObject(XContentParser parser, String endpoint) throws IOException {
        try (parser) {
            Map<String, Object> body = parser.map();
            if (parser.nextToken() != null) {
                XContentLocation at = parser.getTokenLocation();
                throw RequestBodyErrors.contentAfterTheObject(at.lineNumber, at.columnNumber, endpoint);
            }
            return body;
        } catch (IOException | RuntimeException e) {
            if (ExceptionsHelper.status(e) != RestStatus.INTERNAL_SERVER_ERROR) {
                throw e;
            }
            throw RequestBodyErrors.unparseable(endpoint, e);
        }
    }
}
