package org.llmrerank.rest.models;

import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.llm.CheckpointRerankModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.rescorer.BiEncoderRerankModel;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.routing.BiEncoder;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.secure_sm.AccessController;

/**
 * Confines a registration to the models directory and checks its files before anything is loaded:
 * relative path without {@code ..}, no symlink (directory or file) resolving outside the models
 * directory, regular files no larger than the limit, a parseable tokenizer.json and config.json of a
 * BERT-class encoder. Every failure is an {@link IllegalArgumentException} naming the field (400).
 * The same checks run again on every node when it loads the model, so a registration written
 * straight into the cluster settings cannot bypass them.
 */
public final class ModelFiles {

    public static final String ONNX = "model.onnx";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String CONFIG = "config.json";
    /** model_type values of encoders the ONNX BERT runner handles (same inputs, last_hidden_state output). */
    static final Set<String> ENCODER_TYPES = Set.of("bert", "roberta", "xlm-roberta", "distilbert", "mpnet", "electra", "nomic_bert");

    /**
     * What validation found: the files to load and the shape the FLOPs estimator needs. For a Hugging Face checkpoint
     * (an LLM: Llama / Qwen2 / Mistral / T5) {@code onnx} is null and {@code checkpoint} is its directory.
     */
    public record Checked(Path onnx, Path tokenizer, Architecture architecture, long onnxBytes, Path checkpoint) {

        public boolean isCheckpoint() {
            return checkpoint != null;
        }

        /** The clause strategies this registration runs, known from its files without loading it. */
        public java.util.Set<org.llmrerank.rescorer.Strategy> strategies() {
            return isCheckpoint() ? CheckpointRerankModel.strategies(CHECKPOINT_POINTWISE) : BiEncoderRerankModel.strategies();
        }
    }

    /** How a registered checkpoint scores pointwise: P(yes) (spec B.2). */
    public static final org.llmrerank.estimator.RerankMethod CHECKPOINT_POINTWISE = org.llmrerank.estimator.RerankMethod.POINTWISE_YES_NO;
    static final String SAFETENSORS = "model.safetensors";
    static final String SAFETENSORS_INDEX = "model.safetensors.index.json";

    private ModelFiles() {}

    /**
     * The checks, privileged: the plugin's policy grants read on the models directory, the server code on the stack
     * (thread pools, transport) need not have it.
     */
    public static Checked check(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes) {
        return AccessController.doPrivileged(() -> checkUnprivileged(modelsRoot, name, spec, maxFileBytes));
    }

    private static Checked checkUnprivileged(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes) {
        spec.validateStatic();
        Path relative = ModelSpec.relativePath(modelsRoot.getFileSystem(), spec.path());
        Path root;
        try {
            root = modelsRoot.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("[plugins.llm_rerank.models_path] [" + modelsRoot + "] does not exist on this node; create it first");
        }
        Path dir = root.resolve(relative).normalize();
        if (!dir.startsWith(root)) {
            throw new IllegalArgumentException("[path] [" + spec.path() + "] is outside the models directory");
        }
        Path realDir;
        try {
            realDir = dir.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("[path] [" + spec.path() + "] does not exist in the models directory");
        }
        if (!realDir.startsWith(root)) {
            throw new IllegalArgumentException("[path] [" + spec.path() + "] is a symlink resolving outside the models directory");
        }
        if (!Files.isDirectory(realDir)) {
            throw new IllegalArgumentException("[path] [" + spec.path() + "] is not a directory");
        }
        if (!Files.exists(realDir.resolve(ONNX), LinkOption.NOFOLLOW_LINKS) && hasCheckpoint(realDir)) {
            return checkCheckpoint(root, realDir, spec, maxFileBytes);
        }
        Path onnx = file(root, realDir, ONNX, maxFileBytes);
        Path tokenizerFile = file(root, realDir, TOKENIZER, maxFileBytes);
        Path configFile = file(root, realDir, CONFIG, maxFileBytes);
        Architecture architecture = architecture(name, configFile);
        WordPieceTokenizer tokenizer = tokenizer(tokenizerFile, 512);
        if (tokenizer.vocabSize() > architecture.vocab()) {
            throw new IllegalArgumentException("[" + CONFIG + "].vocab_size " + architecture.vocab() + " is smaller than the "
                + TOKENIZER + " vocabulary (" + tokenizer.vocabSize() + "): they do not belong to the same model");
        }
        try {
            return new Checked(onnx, tokenizerFile, architecture, Files.size(onnx), null);
        } catch (IOException e) {
            throw new IllegalArgumentException("[" + ONNX + "] cannot be read: " + e.getMessage());
        }
    }

    /** Checks, then loads tokenizer and ONNX session; a graph ONNX Runtime rejects is a 400 naming [model.onnx]. */
    public static RerankModel load(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes,
                                            EncoderOptions options, int maxSequenceLength) throws ModelException {
        return AccessController.doPrivilegedChecked(() -> loadUnprivileged(modelsRoot, name, spec, maxFileBytes, options, maxSequenceLength));
    }

    private static RerankModel loadUnprivileged(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes,
                                                         EncoderOptions options, int maxSequenceLength) throws ModelException {
        Checked c;
        try {
            c = checkUnprivileged(modelsRoot, name, spec, maxFileBytes);
        } catch (IllegalArgumentException e) {
            throw new ModelException("cannot load model [" + name + "]: " + e.getMessage(), e);
        }
        if (c.isCheckpoint()) {
            // the runtime's loaders confine every file the checkpoint names to its directory (checked above too)
            return CheckpointRerankModel.open(name, c.checkpoint(), CHECKPOINT_POINTWISE);
        }
        try {
            WordPieceTokenizer tok = tokenizer(c.tokenizer(), maxSequenceLength);
            OnnxBertEncoder encoder = OnnxBertEncoder.load(ModelResource.file(c.onnx()), spec.poolingMode(), options, tok.padId());
            return new BiEncoderRerankModel(name, new BiEncoder(tok, encoder, spec.queryPrefix(), spec.passagePrefix()), c.architecture(),
                java.nio.file.Files.size(c.onnx()));
        } catch (Exception e) {
            throw new ModelException("cannot load model [" + name + "]: [" + ONNX + "] " + e.getMessage(), e);
        }
    }

    /**
     * A Hugging Face checkpoint: config.json of a type our runtimes load, tokenizer.json, and safetensors weights (one
     * file, or the shards an index names), every file inside the models directory and under the size limit.
     */
    private static Checked checkCheckpoint(Path root, Path dir, ModelSpec spec, long maxFileBytes) {
        Path configFile = file(root, dir, CONFIG, maxFileBytes);
        Path tokenizerFile = file(root, dir, TOKENIZER, maxFileBytes);
        String type;
        try {
            type = CheckpointRerankModel.modelType(dir);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("[" + CONFIG + "] is malformed: " + e.getMessage());
        }
        if (!CheckpointRerankModel.DECODER_TYPES.contains(type) && !CheckpointRerankModel.ENCODER_DECODER_TYPES.contains(type)) {
            throw new IllegalArgumentException("[" + CONFIG + "].model_type [" + type + "] is not supported for a checkpoint; supported: "
                + new java.util.TreeSet<>(CheckpointRerankModel.DECODER_TYPES) + " (decoders), "
                + CheckpointRerankModel.ENCODER_DECODER_TYPES + " (encoder-decoder); or register an ONNX bi-encoder");
        }
        if (Files.exists(dir.resolve(SAFETENSORS_INDEX), LinkOption.NOFOLLOW_LINKS)) {
            Path index = file(root, dir, SAFETENSORS_INDEX, maxFileBytes);
            java.util.Set<String> shards = new java.util.TreeSet<>();
            try {
                var map = new com.fasterxml.jackson.databind.ObjectMapper().readTree(index.toFile()).path("weight_map");
                if (!map.isObject() || map.isEmpty()) {
                    throw new IllegalArgumentException("[" + SAFETENSORS_INDEX + "] has no weight_map");
                }
                map.forEach(v -> shards.add(v.asText()));
            } catch (IOException e) {
                throw new IllegalArgumentException("[" + SAFETENSORS_INDEX + "] is malformed: " + e.getMessage());
            }
            for (String shard : shards) {
                if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..") || !shard.endsWith(".safetensors")) {
                    throw new IllegalArgumentException("[" + SAFETENSORS_INDEX + "] names shard [" + shard
                        + "]: shards must be .safetensors files in the model directory itself");
                }
                safetensorsHeader(file(root, dir, shard, maxFileBytes), shard);
            }
        } else {
            safetensorsHeader(file(root, dir, SAFETENSORS, maxFileBytes), SAFETENSORS);
        }
        Architecture architecture;
        try {
            architecture = org.llmrerank.estimator.HfConfigReader.read(configFile);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("[" + CONFIG + "] does not describe a model the estimator knows: " + e.getMessage());
        }
        return new Checked(null, tokenizerFile, architecture, 0, dir);
    }

    /** Parses a weights file's header (not its tensors): malformed files are refused before anything loads. */
    private static void safetensorsHeader(Path file, String fileName) {
        try {
            org.llmrerank.routing.hf.SafetensorsFile.open(file);
        } catch (RuntimeException e) {
            // the message names the file by its name in the model directory, never by the node's absolute path
            throw new IllegalArgumentException("[" + fileName + "] is not a valid safetensors file: "
                + String.valueOf(e.getMessage()).replace(file.toString(), fileName));
        }
    }

    private static boolean hasCheckpoint(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (n.endsWith(".safetensors") || n.endsWith(".safetensors.index.json") || n.equals("pytorch_model.bin") || n.endsWith(".gguf")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static Path file(Path root, Path dir, String fileName, long maxFileBytes) {
        Path f = dir.resolve(fileName);
        Path real;
        try {
            real = f.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("[" + fileName + "] is missing in the model directory");
        } catch (IOException e) {
            throw new IllegalArgumentException("[" + fileName + "] cannot be read: " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw new IllegalArgumentException("[" + fileName + "] is a symlink resolving outside the models directory");
        }
        if (!Files.isRegularFile(real)) {
            throw new IllegalArgumentException("[" + fileName + "] is not a regular file");
        }
        try {
            long size = Files.size(real);
            if (size > maxFileBytes) {
                throw new IllegalArgumentException("[" + fileName + "] is " + size + " bytes, over the limit of " + maxFileBytes
                    + " bytes ([plugins.llm_rerank.models_max_file_size])");
            }
            if (size == 0) {
                throw new IllegalArgumentException("[" + fileName + "] is empty");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("[" + fileName + "] cannot be read: " + e.getMessage());
        }
        return real;
    }

    private static WordPieceTokenizer tokenizer(Path file, int maxLength) {
        try {
            return WordPieceTokenizer.fromJson(file, maxLength);
        } catch (Exception e) {
            throw new IllegalArgumentException("[" + TOKENIZER + "] is malformed or not a WordPiece (BERT) tokenizer: " + e.getMessage());
        }
    }

    private static Architecture architecture(String name, Path file) {
        Map<String, Object> config;
        try (InputStream in = Files.newInputStream(file);
             XContentParser p = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.IGNORE_DEPRECATIONS, in)) {
            config = p.map();
        } catch (Exception e) {
            throw new IllegalArgumentException("[" + CONFIG + "] is not valid JSON: " + e.getMessage());
        }
        Object type = config.get("model_type");
        if (type != null && !ENCODER_TYPES.contains(String.valueOf(type).toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("[" + CONFIG + "].model_type [" + type + "] is not a BERT-class encoder " + ENCODER_TYPES
                + "; generative LLM checkpoints are not supported yet (a later issue)");
        }
        int layers = positive(config, "num_hidden_layers");
        int hidden = positive(config, "hidden_size");
        int heads = positive(config, "num_attention_heads");
        int ffn = positive(config, "intermediate_size");
        int vocab = positive(config, "vocab_size");
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("[" + CONFIG + "].hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        try {
            return Architecture.encoderOnly(name, layers, hidden, ffn, heads, vocab);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("[" + CONFIG + "] " + e.getMessage());
        }
    }

    private static int positive(Map<String, Object> config, String field) {
        Object v = config.get(field);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0 || n.longValue() > 1_000_000) {
            throw new IllegalArgumentException("[" + CONFIG + "]." + field + " must be a positive integer, got [" + v + "]");
        }
        return n.intValue();
    }
}
