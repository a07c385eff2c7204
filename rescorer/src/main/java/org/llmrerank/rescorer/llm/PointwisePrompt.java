package org.llmrerank.rescorer.llm;

import java.util.Objects;
import org.llmrerank.rescorer.strategy.PromptTemplates;

/**
 * How a pointwise relevance judgement is put to a model and read back: the prompt for one (query, passage)
 * pair and the two answer words whose next-token logits are compared, score = P(yes) under a softmax over
 * the pair. Rerankers fine-tuned on one format answer reliably only in it:
 * <ul>
 *   <li>{@link #YES_NO}: the generic zero-shot prompt for instruction-tuned LMs, wrapped in the checkpoint's
 *       chat template where it has one;</li>
 *   <li>{@link #MONO_T5}: monoT5 (Nogueira et al., "Document Ranking with a Pretrained Sequence-to-Sequence
 *       Model", 2020), trained to answer {@code true} / {@code false} after
 *       {@code Query: ... Document: ... Relevant:};</li>
 *   <li>{@link #qwen3Reranker}: Qwen3-Reranker (its model card), a chat-formatted judgement with a task
 *       instruction, answered {@code yes} / {@code no} after an empty thinking block.</li>
 * </ul>
 *
 * @param chatFormatted the prompt already is in the model's chat format: tokenized as it stands, neither
 *                      wrapped in a chat template nor given added special tokens
 */
public record PointwisePrompt(String name, Text text, String yes, String no, boolean chatFormatted) {

    /** The prompt for one pair. */
    @FunctionalInterface
    public interface Text {
        String render(String query, String passage);
    }

    public PointwisePrompt {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(yes, "yes");
        Objects.requireNonNull(no, "no");
    }

    public static final PointwisePrompt YES_NO = new PointwisePrompt("yes_no", PromptTemplates::pointwiseYesNo,
            "Yes", "No", false);

    public static final PointwisePrompt MONO_T5 = new PointwisePrompt("monot5",
            (q, d) -> "Query: " + q + " Document: " + d + " Relevant:", "true", "false", false);

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
        return new PointwisePrompt("qwen3_reranker", (q, d) -> QWEN3_RERANKER_PREFIX + "<Instruct>: " + instruction
                + "\n<Query>: " + q + "\n<Document>: " + d + QWEN3_RERANKER_SUFFIX, "yes", "no", true);
    }

    /**
     * The prompt a name stands for: {@code yes_no}, {@code monot5}, or {@code qwen3_reranker} with {@code instruction}.
     *
     * @throws IllegalArgumentException for any other name (the message lists the known ones)
     */
    public static PointwisePrompt byName(String name, String instruction) {
        return switch (name) {
            case "yes_no" -> YES_NO;
            case "monot5" -> MONO_T5;
            case "qwen3_reranker" -> qwen3Reranker(instruction);
            default -> throw new IllegalArgumentException("must be yes_no, monot5 or qwen3_reranker, got '" + name + "'");
        };
    }

    public String render(String query, String passage) {
        return text.render(query, passage);
    }
}
