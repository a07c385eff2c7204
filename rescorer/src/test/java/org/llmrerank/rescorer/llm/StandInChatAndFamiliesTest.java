package org.llmrerank.rescorer.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.strategy.PromptTemplates;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.llama.LlamaCheckpoint;
import org.llmrerank.routing.runtime.llama.ReferenceLlama;
import org.llmrerank.routing.runtime.llama.StandInLlama;

/**
 * STAND-IN checkpoints (random weights written by the test) through the reranking adapters: a checkpoint
 * whose tokenizer_config.json carries a chat template gets its prompts wrapped in it (and tokenized without a
 * second BOS), and Qwen3 / Gemma / Gemma 2 checkpoints load as rerank models whose yes_no scores equal the
 * float64 reference's over the same token ids.
 */
class StandInChatAndFamiliesTest {

    private static final double TOLERANCE = 1e-4;
    private static final String QUERY = "why does the river run from the city";

    @TempDir
    Path tmp;

    /** P(Yes) over {Yes, No} from the reference's last-position logits. */
    private static double referenceYes(ReferenceLlama reference, long[] ids, long yes, long no) {
        double[][] all = reference.logits(ids, LayerPath.full(reference.config().layers()));
        double[] z = all[all.length - 1];
        return 1 / (1 + Math.exp(z[(int) no] - z[(int) yes]));
    }

    @Test
    void standInChatTemplateWrapsEveryPromptAsTrained() throws IOException, ModelException {
        Path dir = StandInLlama.write(tmp.resolve("qwen2-chat"), StandInLlama.Shape.QWEN2, 28, StandInLlama.Layout.SINGLE_F32);
        Files.writeString(dir.resolve("tokenizer_config.json"), new ObjectMapper().writeValueAsString(Map.of(
                "bos_token", "<s>", "eos_token", "</s>", "chat_template", ChatTemplateTest.LLAMA3)));
        List<String> passages = StandInCausalLmTest.passages(4, 3);
        ReferenceLlama reference = new ReferenceLlama(LlamaCheckpoint.open(dir));
        try (CausalLm lm = CausalLm.open("stand-in-chat", dir)) {
            ChatTemplate chat = lm.chatTemplate().orElseThrow();
            PointwiseScores got = new CausalLmPointwiseModel(lm, RerankMethod.POINTWISE_YES_NO).scorePointwise(QUERY, passages);
            long yes = lm.firstToken("Yes");
            long no = lm.firstToken("No");
            for (int i = 0; i < passages.size(); i++) {
                String prompt = PromptTemplates.pointwiseYesNo(QUERY, passages.get(i));
                long[] ids = lm.tokenizer().encode(chat.renderUserPrompt(prompt), false);
                assertTrue(Arrays.equals(ids, lm.encodePrompt(prompt, "")));
                assertEquals(1, ids[0], "the template's BOS");
                assertTrue(ids[1] != 1, "and no second one from the tokenizer");
                assertFalse(Arrays.equals(ids, lm.tokenizer().encode(prompt, true)), "the template changed the prompt");
                double expected = referenceYes(reference, ids, yes, no);
                double err = Math.abs(got.scores()[i] - expected) / expected;
                assertTrue(err < TOLERANCE, "passage " + i + ": " + got.scores()[i] + " vs " + expected);
            }
            // a label prompt's answer prefix follows the opened assistant turn, without its leading space
            assertTrue(Arrays.equals(lm.tokenizer().encode(chat.renderUserPrompt("Which") + "Passage:", false),
                    lm.encodePrompt("Which", CausalLmLabelScorer.ANSWER_PREFIX)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3", "gemma", "gemma2"})
    void standInFamiliesRerankLikeTheFloat64Reference(String family) throws IOException, ModelException {
        StandInLlama.Shape shape = switch (family) {
            case "qwen3" -> StandInLlama.Shape.QWEN3;
            case "gemma" -> StandInLlama.Shape.GEMMA;
            default -> StandInLlama.Shape.GEMMA2;
        };
        Path dir = StandInLlama.write(tmp.resolve(family), shape, 5, StandInLlama.Layout.SINGLE_BF16);
        assertEquals(family, CheckpointRerankModel.modelType(dir));
        List<String> passages = StandInCausalLmTest.passages(5, 9);
        ReferenceLlama reference = new ReferenceLlama(LlamaCheckpoint.open(dir));
        try (CheckpointRerankModel model = CheckpointRerankModel.open("stand-in-" + family, dir, RerankMethod.POINTWISE_YES_NO);
             CausalLm lm = CausalLm.open(family, dir)) {
            assertEquals(CheckpointRerankModel.strategies(RerankMethod.POINTWISE_YES_NO), model.supportedStrategies(),
                "what a registration is told before the load is what the loaded checkpoint serves");
            assertEquals(model.capabilities().orElseThrow().strategies(), model.supportedStrategies());
            PointwiseScores got = model.scorePointwise(QUERY, passages);
            long yes = lm.firstToken("Yes");
            long no = lm.firstToken("No");
            for (int i = 0; i < passages.size(); i++) {
                long[] ids = lm.encodePrompt(PromptTemplates.pointwiseYesNo(QUERY, passages.get(i)), "");
                double expected = referenceYes(reference, ids, yes, no);
                double err = Math.abs(got.scores()[i] - expected) / expected;
                assertTrue(err < TOLERANCE, family + " passage " + i + ": " + got.scores()[i] + " vs " + expected);
            }
            assertTrue(got.estimatedFlops() > 0 && got.countedFlops() >= got.estimatedFlops() * 0.99,
                    "counted covers the estimate (padding adds to it): " + got.countedFlops() + " vs " + got.estimatedFlops());
        }
    }
}
