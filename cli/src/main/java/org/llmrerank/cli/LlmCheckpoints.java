package org.llmrerank.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.llm.CausalLm;
import org.llmrerank.rescorer.llm.CausalLmLabelScorer;
import org.llmrerank.rescorer.llm.CausalLmPointwiseModel;
import org.llmrerank.rescorer.llm.CausalLmTextGenerator;
import org.llmrerank.rescorer.llm.Seq2SeqLabelScorer;
import org.llmrerank.rescorer.llm.Seq2SeqLm;
import org.llmrerank.rescorer.llm.Seq2SeqPointwiseModel;
import org.llmrerank.rescorer.llm.Seq2SeqTextGenerator;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.rescorer.strategy.PromptedPairwiseModel;
import org.llmrerank.rescorer.strategy.PromptedSetwiseModel;
import org.llmrerank.rescorer.strategy.RankGptListwiseModel;
import org.llmrerank.routing.hf.CheckpointException;

/**
 * {@code --model /path/to/checkpoint}: a Hugging Face folder (config.json, tokenizer.json,
 * *.safetensors) of a Llama/Qwen2 decoder or a T5/Flan-T5 encoder-decoder, opened on the DJL
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

    /** @param pointwise yes_no or qlm: the pointwise method this model offers */
    static Loaded open(Path dir, RerankMethod pointwise) {
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        String type;
        try {
            type = new ObjectMapper().readTree(Files.readString(dir.resolve("config.json"))).path("model_type").asText("");
        } catch (IOException e) {
            throw new InputException(dir + "/config.json: cannot read: " + e.getMessage(), e);
        }
        try {
            if (type.equals("t5")) {
                Seq2SeqLm lm = Seq2SeqLm.open(name, dir);
                Seq2SeqLabelScorer labels = new Seq2SeqLabelScorer(lm);
                return new Loaded(AvailableModel.builder(name, name, lm.architecture(), lm.tokenizer()::count)
                        .pointwise(new Seq2SeqPointwiseModel(lm, pointwise), pointwise)
                        .setwise(new PromptedSetwiseModel(labels))
                        .pairwise(new PromptedPairwiseModel(labels))
                        .listwise(new RankGptListwiseModel(new Seq2SeqTextGenerator(lm)))
                        .build(), lm);
            }
            CausalLm lm = CausalLm.open(name, dir);
            CausalLmLabelScorer labels = new CausalLmLabelScorer(lm);
            return new Loaded(AvailableModel.builder(name, name, lm.architecture(), lm.tokenizer()::count)
                    .pointwise(new CausalLmPointwiseModel(lm, pointwise), pointwise)
                    .setwise(new PromptedSetwiseModel(labels))
                    .pairwise(new PromptedPairwiseModel(labels))
                    .listwise(new RankGptListwiseModel(new CausalLmTextGenerator(lm)))
                    .build(), lm);
        } catch (CheckpointException e) {
            throw new InputException("cannot load checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }
}
