package org.llmrerank.rescorer.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.llama.LlamaCheckpoint;
import org.llmrerank.routing.runtime.llama.ReferenceLlama;
import org.llmrerank.routing.runtime.llama.StandInLlama;
import org.llmrerank.routing.runtime.t5.ReferenceT5;
import org.llmrerank.routing.runtime.t5.StandInT5;
import org.llmrerank.routing.runtime.t5.T5Checkpoint;

/**
 * Rerankers' own pointwise formats. The expected texts are the formats as their authors' code writes them:
 * monoT5's input as in its reference implementation (pygaggle: {@code f'Query: {query} Document: {text}
 * Relevant:'}), Qwen3-Reranker's as in its model card's usage code (system judgement prompt, the
 * {@code <Instruct>/<Query>/<Document>} user turn, the assistant's turn opened with an empty thinking
 * block), bge-reranker-v2-gemma's as FlagEmbedding's LLM reranker builds it, all written out from those
 * public sources. Then STAND-IN checkpoints (random weights written by
 * the test) score in these formats as the float64 references do over the same token ids.
 */
class PointwisePromptTest {

    private static final double TOLERANCE = 1e-4;
    private static final String QUERY = "why does the river run from the city";

    @TempDir
    Path tmp;

    @Test
    void monoT5AndQwen3RerankerPromptsAreTheAuthorsFormats() {
        assertEquals("Query: what is a cat Document: A cat is a small mammal. Relevant:",
                PointwisePrompt.MONO_T5.render("what is a cat", "A cat is a small mammal."));
        assertEquals("true", PointwisePrompt.MONO_T5.yes());
        assertEquals("<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the"
                + " Instruct provided. Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n<|im_start|>user\n"
                + "<Instruct>: Given a web search query, retrieve relevant passages that answer the query\n"
                + "<Query>: what is a cat\n<Document>: A cat is a small mammal.<|im_end|>\n<|im_start|>assistant\n"
                + "<think>\n\n</think>\n\n",
                PointwisePrompt.qwen3Reranker(PointwisePrompt.QWEN3_RERANKER_WEB_SEARCH).render("what is a cat",
                        "A cat is a small mammal."));
        assertEquals("yes", PointwisePrompt.qwen3Reranker("x").yes());
        assertEquals("no", PointwisePrompt.qwen3Reranker("x").no());
    }

    /**
     * bge-reranker-v2-gemma as FlagEmbedding's LLM reranker builds its input: BOS, {@code A: query}, a newline,
     * {@code B: passage}, a newline and the instruction, each tokenized without special tokens and joined; the
     * score is the next-token logit of {@code Yes}.
     */
    @Test
    void bgeGemmaPromptIsFlagEmbeddingsFormat() {
        assertEquals(List.of("A: what is a cat", "\n", "B: A cat is a small mammal.", "\n", "Given a query A and a passage"
                + " B, determine whether the passage contains an answer to the query by providing a prediction of either"
                + " 'Yes' or 'No'."), PointwisePrompt.BGE_GEMMA.pieces("what is a cat", "A cat is a small mammal."));
        assertEquals("Yes", PointwisePrompt.BGE_GEMMA.yes());
        assertEquals(PointwisePrompt.Reading.YES_LOGIT, PointwisePrompt.BGE_GEMMA.reading());
        assertTrue(PointwisePrompt.BGE_GEMMA.decoderOnly() && PointwisePrompt.qwen3Reranker("x").decoderOnly()
                && !PointwisePrompt.MONO_T5.decoderOnly());
    }

    @Test
    void standInGemmaScoresInTheBgeFormatAsTheReference() throws IOException, ModelException {
        Path dir = StandInLlama.write(tmp.resolve("gemma"), StandInLlama.Shape.GEMMA, 9, StandInLlama.Layout.SINGLE_F32);
        // a chat template in the checkpoint must not wrap this format: FlagEmbedding does not apply one
        java.nio.file.Files.writeString(dir.resolve("tokenizer_config.json"),
                "{\"bos_token\": \"<s>\", \"chat_template\": \"{{ bos_token }}USER {{ messages[0]['content'] }}\"}");
        List<String> passages = StandInCausalLmTest.passages(4, 7);
        ReferenceLlama reference = new ReferenceLlama(LlamaCheckpoint.open(dir));
        try (CheckpointRerankModel model = CheckpointRerankModel.open("bge-gemma", dir, RerankMethod.POINTWISE_YES_NO,
                PointwisePrompt.BGE_GEMMA); CausalLm lm = CausalLm.open("gemma", dir)) {
            PointwiseScores got = model.scorePointwise(QUERY, passages);
            long yes = lm.firstToken("Yes");
            long determine = lm.firstToken("determine");
            assertTrue(determine > yes && yes > 2, "the instruction's words are vocabulary tokens");
            for (int i = 0; i < passages.size(); i++) {
                List<Long> ids = new java.util.ArrayList<>(List.of(1L)); // <s>, the stand-in's BOS
                for (String piece : PointwisePrompt.BGE_GEMMA.pieces(QUERY, passages.get(i))) {
                    for (long id : lm.tokenizer().encode(piece, false)) {
                        ids.add(id);
                    }
                }
                assertTrue(ids.contains(determine));
                double[][] all = reference.logits(ids.stream().mapToLong(Long::longValue).toArray(), LayerPath.full(3));
                double expected = 1 / (1 + Math.exp(-all[all.length - 1][(int) yes]));
                assertEquals(1.0, got.scores()[i] / expected, TOLERANCE, "passage " + i);
            }
        }
        Path t5 = StandInT5.write(tmp.resolve("t5-bge"), StandInT5.Shape.ORIGINAL, 6);
        assertThrows(ModelException.class, () -> CheckpointRerankModel.open("t5", t5, RerankMethod.POINTWISE_YES_NO,
                PointwisePrompt.BGE_GEMMA));
    }

    @Test
    void standInQwen3ScoresInTheRerankerFormatAsTheReference() throws IOException, ModelException {
        Path dir = StandInLlama.write(tmp.resolve("qwen3"), StandInLlama.Shape.QWEN3, 8, StandInLlama.Layout.SINGLE_F32);
        PointwisePrompt prompt = PointwisePrompt.qwen3Reranker(PointwisePrompt.QWEN3_RERANKER_WEB_SEARCH);
        List<String> passages = StandInCausalLmTest.passages(4, 5);
        ReferenceLlama reference = new ReferenceLlama(LlamaCheckpoint.open(dir));
        try (CheckpointRerankModel model = CheckpointRerankModel.open("qwen3-reranker", dir, RerankMethod.POINTWISE_YES_NO,
                prompt); CausalLm lm = CausalLm.open("qwen3", dir)) {
            PointwiseScores got = model.scorePointwise(QUERY, passages);
            long yes = lm.firstToken("yes");
            long no = lm.firstToken("no");
            assertTrue(yes != no && yes > 2 && no > 2, "yes and no are vocabulary tokens");
            for (int i = 0; i < passages.size(); i++) {
                long[] ids = lm.tokenizer().encode(prompt.render(QUERY, passages.get(i)), false);
                assertTrue(ids[0] != 1, "no BOS: the format is tokenized as it stands");
                double[][] all = reference.logits(ids, LayerPath.full(3));
                double[] z = all[all.length - 1];
                double expected = 1 / (1 + Math.exp(z[(int) no] - z[(int) yes]));
                assertEquals(1.0, got.scores()[i] / expected, TOLERANCE, "passage " + i);
            }
        }
    }

    @Test
    void standInT5ScoresInTheMonoT5FormatAsTheReference() throws IOException, ModelException {
        Path dir = StandInT5.write(tmp.resolve("t5"), StandInT5.Shape.ORIGINAL, 6);
        List<String> passages = StandInCausalLmTest.passages(4, 6);
        ReferenceT5 reference = new ReferenceT5(T5Checkpoint.open(dir));
        try (Seq2SeqLm lm = Seq2SeqLm.open("monot5", dir)) {
            PointwiseScores got = new Seq2SeqPointwiseModel(lm, RerankMethod.POINTWISE_YES_NO, PointwisePrompt.MONO_T5)
                    .scorePointwise(QUERY, passages);
            int t = (int) lm.encodeContinuation("true")[0];
            int f = (int) lm.encodeContinuation("false")[0];
            assertTrue(t != f && t > 2 && f > 2, "true and false are vocabulary tokens");
            for (int i = 0; i < passages.size(); i++) {
                double[] z = reference.logits(lm.tokenizer().encode(PointwisePrompt.MONO_T5.render(QUERY, passages.get(i)),
                        true), new long[] {0})[0];
                assertEquals(1.0, got.scores()[i] / (1 / (1 + Math.exp(z[f] - z[t]))), TOLERANCE, "passage " + i);
            }
        }
        assertThrows(ModelException.class, () -> CheckpointRerankModel.open("t5", dir, RerankMethod.POINTWISE_YES_NO,
                PointwisePrompt.qwen3Reranker("x")));
    }

    /** The command line's {@code --pointwise-prompt} names a reranker's own format; the instruction reaches Qwen3-Reranker's. */
    @Test
    void promptsByName() {
        assertEquals(PointwisePrompt.YES_NO, PointwisePrompt.byName("yes_no", "x"));
        assertEquals(PointwisePrompt.MONO_T5, PointwisePrompt.byName("monot5", "x"));
        assertTrue(PointwisePrompt.byName("qwen3_reranker", "Find the recipe").render("q", "d")
                .contains("<Instruct>: Find the recipe\n<Query>: q\n<Document>: d"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PointwisePrompt.byName("rankgpt", "x"));
        assertEquals("must be yes_no, monot5, qwen3_reranker or bge_gemma, got 'rankgpt'", e.getMessage());
        assertEquals(PointwisePrompt.BGE_GEMMA, PointwisePrompt.byName("bge_gemma", "x"));
    }
}
