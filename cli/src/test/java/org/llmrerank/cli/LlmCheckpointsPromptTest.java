package org.llmrerank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.llmrerank.rescorer.llm.PointwisePrompt;

/** {@code --pointwise-prompt} names a reranker's own format; {@code --instruction} reaches Qwen3-Reranker's. */
class LlmCheckpointsPromptTest {

    @Test
    void pointwisePromptNames() {
        assertEquals(PointwisePrompt.YES_NO, LlmCheckpoints.prompt("yes_no", "x"));
        assertEquals(PointwisePrompt.MONO_T5, LlmCheckpoints.prompt("monot5", "x"));
        assertTrue(LlmCheckpoints.prompt("qwen3_reranker", "Find the recipe").render("q", "d")
                .contains("<Instruct>: Find the recipe\n<Query>: q\n<Document>: d"));
        UsageException e = assertThrows(UsageException.class, () -> LlmCheckpoints.prompt("rankgpt", "x"));
        assertTrue(e.getMessage().contains("yes_no, monot5 or qwen3_reranker"), e.getMessage());
    }
}
