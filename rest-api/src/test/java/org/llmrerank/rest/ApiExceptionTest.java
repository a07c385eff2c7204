package org.llmrerank.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiExceptionTest {

    @Test
    void validationErrorsBecomeOneBadRequestWithEveryMessage() {
        ValidationErrors errors = new ValidationErrors();
        errors.throwIfAny();
        errors.add("a", "[a] is wrong");
        errors.add("b", "[b] is wrong");
        assertTrue(errors.has("a"));
        assertFalse(errors.has("c"));
        ApiException e = assertThrows(ApiException.class, errors::throwIfAny);
        assertEquals(400, e.status());
        assertEquals(List.of("[a] is wrong", "[b] is wrong"), e.messages());
        assertEquals("[a] is wrong; [b] is wrong", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ApiException(400, List.of()), "an error says what is wrong");
    }
}
