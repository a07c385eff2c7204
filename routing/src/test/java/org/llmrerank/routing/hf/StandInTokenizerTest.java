package org.llmrerank.routing.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.routing.runtime.llama.StandInLlama;

/** The stand-in checkpoint's WordLevel tokenizer.json through DJL's HF tokenizers binding. */
class StandInTokenizerTest {

    @TempDir
    Path tmp;

    @Test
    void standInTokenizerEncodesWithAndWithoutBos() throws IOException {
        Path dir = StandInLlama.write(tmp, StandInLlama.Shape.LLAMA_TIED, 1, StandInLlama.Layout.SINGLE_F32);
        try (HfTokenizer t = HfTokenizer.open(CheckpointDirectory.of(dir))) {
            int passage = StandInLlama.WORDS.indexOf("Passage");
            int colon = StandInLlama.WORDS.indexOf(":");
            int cat = StandInLlama.WORDS.indexOf("cat");
            assertArrayEquals(new long[] {1, passage, colon, cat, 0}, t.encode("Passage: cat zebra", true));
            assertArrayEquals(new long[] {passage, colon, cat}, t.encode("Passage: cat", false));
            assertEquals(3, t.count("Passage: cat"));
            assertEquals("Passage : cat", t.decode(new long[] {1, passage, colon, cat}));
        }
    }
}
