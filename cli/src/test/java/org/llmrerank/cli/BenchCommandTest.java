package org.llmrerank.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Argument checks of {@code bench --groups} and {@code bench --layered} (the measurements load the real model: run by hand). */
class BenchCommandTest {

    @Test
    void groupSizesMustDivideTheQueries() {
        assertArrayEquals(new int[] {1, 2, 4, 8}, BenchCommand.groupSizes("1, 2,4,8", 8));
        MainTest.Result r = MainTest.run("bench", "--groups", "1,3", "--queries", "8");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--groups") && r.err().contains("--queries"), r.err());
        r = MainTest.run("bench", "--groups", "1,x");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--groups"), r.err());
        r = MainTest.run("bench", "--groups", "1,2", "--passages", "0");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--passages"), r.err());
    }

    @Test
    void layeredBenchChecksItsArguments() {
        MainTest.Result r = MainTest.run("bench", "--layered", "--knob", "2");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--knob"), r.err());
        r = MainTest.run("bench", "--layered", "--reps", "0");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("--reps"), r.err());
        r = MainTest.run("bench", "--layered", "--batch", "4");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("batch"), r.err());
    }
}
