package org.llmrerank.rest;

/**
 * The 400 messages for a REST body that is not exactly one JSON object, the same on both engines: content after the
 * object's end, which a JSON parser would otherwise ignore, and what the parser refuses for its own limits (nesting
 * depth, number or string length), which is the caller's input rather than a server error.
 */
public final class RequestBodyErrors {

    private RequestBodyErrors() {}

    public static IllegalArgumentException contentAfterTheObject(int line, int column, String endpoint) {
        return new IllegalArgumentException(
            "[" + line + ":" + column + "] [" + endpoint + "] the body must be one JSON object, found more after its end");
    }

    public static IllegalArgumentException unparseable(String endpoint, Exception cause) {
        return new IllegalArgumentException("[" + endpoint + "] the body cannot be parsed: " + cause.getMessage(), cause);
    }
}
