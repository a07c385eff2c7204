package org.llmrerank.rest;

import java.util.List;
import java.util.Objects;

/**
 * A request the API refuses, in terms no search engine defines: an HTTP status and every message that explains it.
 * Each engine's glue turns it into the exception its REST layer renders with that status (see the plugin's mapping),
 * so the checks themselves can live here and be shared.
 */
public final class ApiException extends RuntimeException {

    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;

    private final int status;
    private final List<String> messages;

    public ApiException(int status, List<String> messages) {
        super(String.join("; ", requireSome(messages)));
        this.status = status;
        this.messages = List.copyOf(messages);
    }

    /** The request is wrong: each message names the field it is about. */
    public static ApiException badRequest(List<String> messages) {
        return new ApiException(BAD_REQUEST, messages);
    }

    public static ApiException badRequest(String message) {
        return badRequest(List.of(message));
    }

    /** The request names something (a model) that does not exist. */
    public static ApiException notFound(String message) {
        return new ApiException(NOT_FOUND, List.of(message));
    }

    public int status() {
        return status;
    }

    /** At least one; in the order the checks found them. */
    public List<String> messages() {
        return messages;
    }

    private static List<String> requireSome(List<String> messages) {
        if (Objects.requireNonNull(messages, "messages").isEmpty()) {
            throw new IllegalArgumentException("an API error needs at least one message");
        }
        return messages;
    }
}
