package org.llmrerank.rest.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EvalCancellationTest {

    @Test
    void theReasonShowsOnlyOnceTheTaskIsCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        EvalRun.Cancellation c = EvalRun.Cancellation.of(cancelled::get, () -> "by user", CancellationException::new);
        assertNull(c.reason());
        cancelled.set(true);
        assertEquals("by user", c.reason());
        assertEquals("stopped", assertInstanceOf(CancellationException.class, c.exception("stopped")).getMessage());
    }
}
