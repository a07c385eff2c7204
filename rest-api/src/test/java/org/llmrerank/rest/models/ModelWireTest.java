package org.llmrerank.rest.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.llmrerank.scheduler.wire.ValueQueueWire;

/** Model registrations between nodes: a PUT keeps all six fields in place, a DELETE carries no spec. */
class ModelWireTest {

    private static final ModelSpec SPEC = new ModelSpec("bge", "cls", "query: ", "passage: ", "", "");

    @Test
    void aPutRoundTripsWithEveryFieldInItsPlace() throws IOException {
        ValueQueueWire wire = new ValueQueueWire();
        ModelSpec distinct = new ModelSpec("p", "mean", "q", "d", "b", "k");
        ModelWire.writeChange(wire, new ModelChange("my-model", distinct));
        assertEquals(new ModelChange("my-model", distinct), ModelWire.readChange(wire));
        assertTrue(wire.exhausted());
    }

    @Test
    void aDeleteRoundTripsWithoutASpec() throws IOException {
        ValueQueueWire wire = new ValueQueueWire();
        ModelWire.writeChange(wire, new ModelChange("my-model", null));
        ModelChange got = ModelWire.readChange(wire);
        assertEquals("my-model", got.name());
        assertNull(got.spec());
        assertTrue(wire.exhausted());
    }

    @Test
    void aSpecRoundTripsAlone() throws IOException {
        ValueQueueWire wire = new ValueQueueWire();
        ModelWire.writeSpec(wire, SPEC);
        assertEquals(SPEC, ModelWire.readSpec(wire));
        assertTrue(wire.exhausted());
    }

    @Test
    void aPutThatLosesItsSpecIsNotReadAsADelete() {
        ValueQueueWire wire = new ValueQueueWire();
        wire.writeString("my-model");
        wire.writeBoolean(true);
        assertThrows(NoSuchElementException.class, () -> ModelWire.readChange(wire));
    }
}
