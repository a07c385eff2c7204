package org.llmrerank.rescorer.llm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.estimator.InputException;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.rescorer.strategy.LabelScorer;
import org.llmrerank.rescorer.strategy.PromptedPairwiseModel;
import org.llmrerank.rescorer.strategy.PromptedSetwiseModel;
import org.llmrerank.rescorer.strategy.RankGptListwiseModel;
import org.llmrerank.rescorer.strategy.TextGenerator;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.runtime.llama.LlamaConfig;
import org.llmrerank.routing.runtime.t5.T5Config;

/**
 * A Hugging Face checkpoint (Llama / Qwen2 / Mistral / Qwen3 / Gemma / Gemma 2 decoder, or T5 / Flan-T5) on the DJL runtimes as one
 * {@link RerankModel}: pointwise scores (yes_no or qlm) directly, and every other method (setwise, pairwise,
 * listwise) through {@link #capabilities()}, so the CLI and the plugin run the same strategies on the same
 * adapters. Closing frees the weights.
 */
public final class CheckpointRerankModel implements RerankModel {

    /** config.json model_type values the runtimes load. */
    public static final Set<String> DECODER_TYPES = LlamaConfig.MODEL_TYPES;
    public static final Set<String> ENCODER_DECODER_TYPES = T5Config.MODEL_TYPES;

    private final String name;
    private final RerankModel pointwise;
    private final AvailableModel capabilities;
    private final AutoCloseable weights;
    private final long weightBytes;

    private CheckpointRerankModel(String name, RerankModel pointwise, AvailableModel capabilities, AutoCloseable weights,
                                  long weightBytes) {
        this.name = name;
        this.pointwise = pointwise;
        this.capabilities = capabilities;
        this.weights = weights;
        this.weightBytes = weightBytes;
    }

    /** The config.json {@code model_type} of a checkpoint folder, lower-cased, "" when it has none. */
    public static String modelType(Path dir) {
        return HfConfig.read(dir.resolve(HfConfig.FILE_NAME)).modelType();
    }

    /**
     * Loads a checkpoint folder. The loaders confine every file the checkpoint names to {@code dir}.
     *
     * @param pointwiseMethod {@link RerankMethod#POINTWISE_YES_NO} or {@link RerankMethod#POINTWISE_QLM}
     * @throws ModelException for an unsupported model_type or a checkpoint that fails to load
     */
    public static CheckpointRerankModel open(String name, Path dir, RerankMethod pointwiseMethod) throws ModelException {
        return open(name, dir, pointwiseMethod, PointwisePrompt.YES_NO);
    }

    /**
     * {@link #open} with a reranker's own pointwise format ({@link PointwisePrompt#MONO_T5} for monoT5,
     * {@link PointwisePrompt#qwen3Reranker} for Qwen3-Reranker): used by yes_no scoring.
     */
    public static CheckpointRerankModel open(String name, Path dir, RerankMethod pointwiseMethod, PointwisePrompt prompt)
            throws ModelException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prompt, "prompt");
        if (pointwiseMethod != RerankMethod.POINTWISE_YES_NO && pointwiseMethod != RerankMethod.POINTWISE_QLM) {
            throw new IllegalArgumentException("a language model scores pointwise by yes_no or qlm, not " + pointwiseMethod);
        }
        String type;
        try {
            type = modelType(dir);
        } catch (InputException e) {
            throw new ModelException("model [" + name + "]: cannot read config.json: " + e.getMessage(), e);
        }
        if (ENCODER_DECODER_TYPES.contains(type) && prompt.decoderOnly()) {
            throw new ModelException("model [" + name + "]: prompt " + prompt.name() + " is a decoder's own format; "
                + type + " has none");
        }
        long bytes = weightBytes(dir);
        try {
            if (ENCODER_DECODER_TYPES.contains(type)) {
                Seq2SeqLm lm = Seq2SeqLm.open(name, dir);
                RerankModel pw = new Seq2SeqPointwiseModel(lm, pointwiseMethod, prompt);
                AvailableModel caps = capabilities(AvailableModel.builder(name, name, lm.architecture(), lm.tokenizer()::count),
                    pw, pointwiseMethod, new Seq2SeqLabelScorer(lm), new Seq2SeqTextGenerator(lm));
                return new CheckpointRerankModel(name, pw, caps, lm, bytes);
            }
            if (DECODER_TYPES.contains(type)) {
                CausalLm lm = CausalLm.open(name, dir);
                RerankModel pw = new CausalLmPointwiseModel(lm, pointwiseMethod, prompt);
                AvailableModel caps = capabilities(AvailableModel.builder(name, name, lm.architecture(), lm.tokenizer()::count),
                    pw, pointwiseMethod, new CausalLmLabelScorer(lm), new CausalLmTextGenerator(lm));
                return new CheckpointRerankModel(name, pw, caps, lm, bytes);
            }
        } catch (RuntimeException | LinkageError e) {
            throw new ModelException("model [" + name + "]: cannot load checkpoint: " + e.getMessage(), e);
        }
        throw new ModelException("model [" + name + "]: config.json model_type [" + type + "] is not supported; supported: "
            + new java.util.TreeSet<>(union()));
    }

    static Set<String> union() {
        Set<String> all = new java.util.HashSet<>(DECODER_TYPES);
        all.addAll(ENCODER_DECODER_TYPES);
        return all;
    }

    /**
     * What either family runs: its pointwise method, setwise and pairwise over its label scorer, RankGPT listwise
     * generation. {@link #strategies} states the same before a checkpoint is loaded.
     */
    private static AvailableModel capabilities(AvailableModel.Builder model, RerankModel pointwise, RerankMethod pointwiseMethod,
                                               LabelScorer labels, TextGenerator generator) {
        return model.pointwise(pointwise, pointwiseMethod)
            .setwise(new PromptedSetwiseModel(labels))
            .pairwise(new PromptedPairwiseModel(labels))
            .listwise(new RankGptListwiseModel(generator))
            .build();
    }

    /** Every clause strategy a checkpoint serves, known before it is loaded: what {@link #capabilities} build runs. */
    public static Set<Strategy> strategies(RerankMethod pointwiseMethod) {
        return Strategy.runnableWith(AvailableModel.methods(pointwiseMethod, true, true, RerankMethod.LISTWISE_GENERATION));
    }

    private static long weightBytes(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
        return pointwise.scorePointwise(query, passages);
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages, Cancellation cancellation) throws ModelException {
        return pointwise.scorePointwise(query, passages, cancellation);
    }

    @Override
    public Optional<AvailableModel> capabilities() {
        return Optional.of(capabilities);
    }

    /** Safetensors bytes on disk (BF16/F16 weights take twice that in memory: the runtime holds fp32). */
    @Override
    public long weightBytes() {
        return weightBytes;
    }

    @Override
    public void close() {
        try {
            weights.close();
        } catch (Exception e) {
            throw new IllegalStateException("model [" + name + "]: cannot free its weights: " + e.getMessage(), e);
        }
    }
}
