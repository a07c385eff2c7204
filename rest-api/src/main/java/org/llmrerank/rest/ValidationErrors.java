package org.llmrerank.rest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects what is wrong with a request body, field by field, so that one answer lists every error rather than the
 * first: a caller fixes a body in one round trip. A check of a field that already failed (a path that is not even a
 * string) can ask {@link #has} and stay quiet instead of piling a second, derived error on it.
 */
public final class ValidationErrors {

    private final List<String> messages = new ArrayList<>();
    private final Set<String> fields = new HashSet<>();

    /** @param field the field the message is about (the message names it too, in brackets) */
    public void add(String field, String message) {
        fields.add(field);
        messages.add(message);
    }

    public boolean has(String field) {
        return fields.contains(field);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** @throws ApiException a 400 with every message, when there is any */
    public void throwIfAny() {
        if (messages.isEmpty() == false) {
            throw ApiException.badRequest(messages);
        }
    }
}
