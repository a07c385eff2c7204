package org.llmrerank.rest.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.ConfigException;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.crossencoder.CrossEncoderShape;
import org.llmrerank.routing.crossencoder.CrossEncoderWeights;
import org.llmrerank.routing.hf.CheckpointDirectory;
import org.llmrerank.routing.hf.SafetensorsCheckpoint;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PairTokenizer;

/**
 * The checks of a cross-encoder registration: a directory whose config.json lists a {@code *ForSequenceClassification}
 * architecture. Its config must describe a BERT or XLM-RoBERTa classifier we run (1 or 2 logits), its tokenizer.json
 * must load and pair a query with a passage inside the config's vocabulary, and its weights must be either an ONNX
 * graph ({@code model.onnx}, run by ONNX Runtime, whose sizes the config must match) or safetensors holding every tensor
 * the config implies at its shape (run by the routed runtime). Every refusal is an {@link IllegalArgumentException}
 * (a 400) naming the file, relative to the models directory, and quoting none of its content.
 */
final class CrossEncoderFiles {

    /** config.json is read to tell a cross-encoder apart before its checks; no config is this large. */
    private static final long MAX_CONFIG_PEEK_BYTES = 1 << 20;

    private CrossEncoderFiles() {}

    /**
     * Whether {@code dir}'s config.json lists a sequence classifier: decides which checks a registration gets (and
     * what it runs), so it reads nothing that is not a plain small file with one name; the checks then read it
     * properly.
     */
    static boolean isCrossEncoder(Path dir) {
        Path config = dir.resolve(ModelFiles.CONFIG);
        try {
            // a hard link may be a file outside the models directory: not even its kind is read from it
            if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS) || Files.size(config) > MAX_CONFIG_PEEK_BYTES
                || ModelFileReader.linkCount(config, ModelFiles.CONFIG) > 1) {
                return false;
            }
            return CrossEncoderShape.isSequenceClassifier(HfConfig.parse(Files.readAllBytes(config), ModelFiles.CONFIG));
        } catch (IOException | RuntimeException e) {
            return false; // the regular checks report what is wrong with the file
        }
    }

    static ModelFiles.Checked check(ModelFileReader reader, ModelFiles.Labels labels, Path dir, String name, ModelSpec spec) {
        if (!spec.queryPrefix().isEmpty() || !spec.passagePrefix().isEmpty()) {
            throw new IllegalArgumentException("[" + (spec.queryPrefix().isEmpty() ? "passage_prefix" : "query_prefix")
                + "] applies to bi-encoders; [" + labels.of(ModelFiles.CONFIG) + "] describes a cross-encoder, which reads the query"
                + " and the passage as its tokenizer pairs them");
        }
        String configLabel = labels.of(ModelFiles.CONFIG);
        HfConfig config = ModelFiles.config(reader.read(dir, ModelFiles.CONFIG, configLabel), configLabel);
        CrossEncoderShape shape;
        try {
            shape = CrossEncoderShape.of(config);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.framed(configLabel));
        }
        Architecture architecture = shape.architecture(name);
        String tokenizerLabel = labels.of(ModelFiles.TOKENIZER);
        byte[] tokenizerJson = reader.read(dir, ModelFiles.TOKENIZER, tokenizerLabel);
        checkTokenizer(tokenizerJson, tokenizerLabel, shape, configLabel);
        ModelResource tokenizer = ModelResource.content(tokenizerLabel, tokenizerJson);
        if (Files.exists(dir.resolve(ModelFiles.ONNX), LinkOption.NOFOLLOW_LINKS)) {
            String onnxLabel = labels.of(ModelFiles.ONNX);
            byte[] onnx = reader.read(dir, ModelFiles.ONNX, onnxLabel);
            GraphConfigCheck.check(onnx, onnxLabel, config, configLabel);
            return new ModelFiles.Checked(new ModelDescriptor.OnnxCrossEncoder(name, ModelResource.content(onnxLabel, onnx), tokenizer,
                shape, architecture), architecture);
        }
        ModelFiles.checkWeightFiles(reader, labels, dir);
        boolean sharded = Files.exists(dir.resolve(ModelFiles.SAFETENSORS_INDEX), LinkOption.NOFOLLOW_LINKS);
        checkTensors(dir, shape, labels.of(sharded ? ModelFiles.SAFETENSORS_INDEX : ModelFiles.SAFETENSORS));
        return new ModelFiles.Checked(new ModelDescriptor.CheckpointCrossEncoder(name, dir, tokenizer, shape, architecture), architecture);
    }

    /** The tokenizer loads and pairs a query with a passage into ids the model's embeddings have. */
    private static void checkTokenizer(byte[] content, String label, CrossEncoderShape shape, String configLabel) {
        Encoding probe;
        try (PairTokenizer tokenizer = PairTokenizer.fromJson(content, shape.encoder().maxPositions())) {
            probe = tokenizer.encodePair("what is a query", "a passage that answers it");
        } catch (RuntimeException | LinkageError e) {
            // the library's messages quote the offending JSON
            throw new IllegalArgumentException("[" + label + "] is malformed: not a tokenizer.json the tokenizers library loads");
        }
        for (int id : probe.ids()) {
            if (id >= shape.encoder().vocab()) {
                throw new IllegalArgumentException("[" + configLabel + "].vocab_size " + shape.encoder().vocab() + " is smaller than the ["
                    + label + "] vocabulary (it gives token id " + id + "): they do not belong to the same model");
            }
        }
        for (int type : probe.typeIds()) {
            if (type >= shape.encoder().typeVocab()) {
                throw new IllegalArgumentException("[" + configLabel + "].type_vocab_size " + shape.encoder().typeVocab() + " is smaller than the"
                    + " token types [" + label + "] gives a pair (" + type + "): they do not belong to the same model");
            }
        }
    }

    /** Every tensor the config implies is in the safetensors, at its shape (headers only). */
    private static void checkTensors(Path dir, CrossEncoderShape shape, String label) {
        try {
            CrossEncoderWeights.checkHeaders(SafetensorsCheckpoint.open(CheckpointDirectory.of(dir)), shape);
        } catch (RuntimeException e) {
            // tensor names and shapes come from our own list; the reader's other messages name absolute paths
            String message = e.getMessage() == null ? "" : e.getMessage();
            boolean ours = message.startsWith("checkpoint has no tensor") || message.startsWith("tensor '");
            throw new IllegalArgumentException("[" + label + "] does not hold the cross-encoder the config describes"
                + (ours ? ": " + message : ""));
        }
    }
}
