package org.llmrerank.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.llm.CheckpointRerankModel;
import org.llmrerank.rescorer.llm.PointwisePrompt;
import org.llmrerank.rescorer.strategy.AvailableModel;

/**
 * {@code --model /path/to/checkpoint}: a Hugging Face folder (config.json, tokenizer.json,
 * *.safetensors) of a Llama-family / Qwen3 / Gemma decoder or a T5/Flan-T5 encoder-decoder, opened on the DJL
 * runtimes with every strategy its adapters support (pointwise yes_no or qlm, setwise,
 * listwise.likelihood, pairwise, listwise.generation).
 */
final class LlmCheckpoints {

    private LlmCheckpoints() {}

    /** A model argument that names a folder holding a config.json. */
    static boolean isCheckpoint(String model) {
        try {
            Path p = Path.of(model);
            return Files.isDirectory(p) && Files.isRegularFile(p.resolve("config.json"));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The loaded model and what must be closed after use. */
    record Loaded(AvailableModel model, AutoCloseable resource) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

    /** The checkpoint as one model with every method (the plugin's adapter). */
    static org.llmrerank.rescorer.RerankModel openModel(Path dir, RerankMethod pointwise) {
        return (org.llmrerank.rescorer.RerankModel) open(dir, pointwise).resource();
    }

    /** @param pointwise yes_no or qlm: the pointwise method this model offers */
    static Loaded open(Path dir, RerankMethod pointwise) {
        return open(dir, pointwise, PointwisePrompt.YES_NO);
    }

    /** {@code --pointwise-prompt yes_no|monot5|qwen3_reranker} (the last with {@code --instruction}). */
    static PointwisePrompt prompt(String name, String instruction) {
        return switch (name) {
            case "yes_no" -> PointwisePrompt.YES_NO;
            case "monot5" -> PointwisePrompt.MONO_T5;
            case "qwen3_reranker" -> PointwisePrompt.qwen3Reranker(instruction);
            default -> throw new UsageException("--pointwise-prompt must be yes_no, monot5 or qwen3_reranker, got '"
                    + name + "'");
        };
    }

    /** @param prompt how yes_no asks the judgement (a reranker's own format) */
    static Loaded open(Path dir, RerankMethod pointwise, PointwisePrompt prompt) {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        try {
            CheckpointRerankModel m = CheckpointRerankModel.open(name, dir, pointwise, prompt);
            return new Loaded(m.capabilities().orElseThrow(), m);
        } catch (org.llmrerank.rescorer.ModelException e) {
            throw new InputException("cannot load checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }
}
