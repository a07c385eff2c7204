package org.llmrerank.rescorer.llm;

import java.util.List;
import java.util.Objects;
import org.llmrerank.rescorer.strategy.PromptTemplates;

/**
 * How a pointwise relevance judgement is put to a model and read back: the prompt for one (query, passage)
 * pair and the answer words whose next-token logits make the score, P(yes) under a softmax over the pair
 * unless the format reads the yes logit alone. Rerankers fine-tuned on one format answer reliably only in it:
 * <ul>
 *   <li>{@link #YES_NO}: the generic zero-shot prompt for instruction-tuned LMs, wrapped in the checkpoint's
 *       chat template where it has one;</li>
 *   <li>{@link #MONO_T5}: monoT5 (Nogueira et al., "Document Ranking with a Pretrained Sequence-to-Sequence
 *       Model", 2020), trained to answer {@code true} / {@code false} after
 *       {@code Query: ... Document: ... Relevant:};</li>
 *   <li>{@link #qwen3Reranker}: Qwen3-Reranker (its model card), a chat-formatted judgement with a task
 *       instruction, answered {@code yes} / {@code no} after an empty thinking block;</li>
 *   <li>{@link #BGE_GEMMA}: bge-reranker-v2-gemma (BAAI's FlagEmbedding LLM reranker), {@code A: query},
 *       {@code B: passage} and its instruction on three lines after BOS, each piece tokenized on its own as
 *       FlagEmbedding does; read as the logit of {@code Yes} alone, squashed by a sigmoid (FlagEmbedding's
 *       {@code normalize=True}), which ranks as the raw logit does.</li>
 * </ul>
 *
 * @param encoding how the rendered pieces become token ids
 * @param reading  how the next-token logits become a score
 */
public record PointwisePrompt(String name, Pieces pieces, String yes, String no, Encoding encoding, Reading reading) {

    /** How the prompt's pieces become token ids. */
    public enum Encoding {
        /** Plain text: wrapped in the checkpoint's chat template where it has one, else after BOS. */
        PLAIN,
        /** Already in the model's chat format: tokenized as it stands, without added special tokens. */
        CHAT_FORMATTED,
        /** BOS, then every piece tokenized on its own (no special tokens) and the ids joined. */
        BOS_THEN_PIECES
    }

    /** How the next-token logits after the prompt become a score. */
    public enum Reading {
        /** {@code softmax([z_yes, z_no])[0]}. */
        YES_VERSUS_NO,
        /** {@code sigmoid(z_yes)}: the answer word's logit alone. */
        YES_LOGIT
    }

    /** The prompt for one pair, as the pieces its format tokenizes apart (one piece for most formats). */
    @FunctionalInterface
    public interface Pieces {
        List<String> of(String query, String passage);
    }

    public PointwisePrompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pieces, "pieces");
        Objects.requireNonNull(yes, "yes");
        Objects.requireNonNull(no, "no");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(reading, "reading");
    }

    public static final PointwisePrompt YES_NO = new PointwisePrompt("yes_no",
            (q, d) -> List.of(PromptTemplates.pointwiseYesNo(q, d)), "Yes", "No", Encoding.PLAIN, Reading.YES_VERSUS_NO);

    public static final PointwisePrompt MONO_T5 = new PointwisePrompt("monot5",
            (q, d) -> List.of("Query: " + q + " Document: " + d + " Relevant:"), "true", "false", Encoding.PLAIN,
            Reading.YES_VERSUS_NO);

    /** bge-reranker-v2-gemma's instruction, the last of its three lines. */
    static final String BGE_GEMMA_INSTRUCTION = "Given a query A and a passage B, determine whether the passage contains"
            + " an answer to the query by providing a prediction of either 'Yes' or 'No'.";

    public static final PointwisePrompt BGE_GEMMA = new PointwisePrompt("bge_gemma",
            (q, d) -> List.of("A: " + q, "\n", "B: " + d, "\n", BGE_GEMMA_INSTRUCTION), "Yes", "No",
            Encoding.BOS_THEN_PIECES, Reading.YES_LOGIT);

    /** The task instruction Qwen3-Reranker's model card uses for web search when none is given. */
    public static final String QWEN3_RERANKER_WEB_SEARCH =
            "Given a web search query, retrieve relevant passages that answer the query";

    static final String QWEN3_RERANKER_PREFIX = "<|im_start|>system\nJudge whether the Document meets the requirements"
            + " based on the Query and the Instruct provided. Note that the answer can only be \"yes\" or \"no\"."
            + "<|im_end|>\n<|im_start|>user\n";
    static final String QWEN3_RERANKER_SUFFIX = "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";

    /** Qwen3-Reranker's format with a task instruction (e.g. {@link #QWEN3_RERANKER_WEB_SEARCH}). */
    public static PointwisePrompt qwen3Reranker(String instruction) {
        Objects.requireNonNull(instruction, "instruction");
        return new PointwisePrompt("qwen3_reranker", (q, d) -> List.of(QWEN3_RERANKER_PREFIX + "<Instruct>: " + instruction
                + "\n<Query>: " + q + "\n<Document>: " + d + QWEN3_RERANKER_SUFFIX), "yes", "no", Encoding.CHAT_FORMATTED,
                Reading.YES_VERSUS_NO);
    }

    /**
     * The prompt a name stands for: {@code yes_no}, {@code monot5}, {@code qwen3_reranker} with {@code instruction},
     * or {@code bge_gemma}.
     *
     * @throws IllegalArgumentException for any other name (the message lists the known ones)
     */
    public static PointwisePrompt byName(String name, String instruction) {
        return switch (name) {
            case "yes_no" -> YES_NO;
            case "monot5" -> MONO_T5;
            case "qwen3_reranker" -> qwen3Reranker(instruction);
            case "bge_gemma" -> BGE_GEMMA;
            default -> throw new IllegalArgumentException("must be yes_no, monot5, qwen3_reranker or bge_gemma, got '"
                    + name + "'");
        };
    }

    /** The prompt's pieces for one pair. */
    public List<String> pieces(String query, String passage) {
        return pieces.of(query, passage);
    }

    /** The prompt for one pair as one text. */
    public String render(String query, String passage) {
        return String.join("", pieces(query, passage));
    }

    /** A format of one decoder family's tokenizer or chat turns, which an encoder-decoder cannot be asked in. */
    public boolean decoderOnly() {
        return encoding != Encoding.PLAIN;
    }
}
