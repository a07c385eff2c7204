package org.llmrerank.rest.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.HfConfigReader;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.BiEncoderRerankModel;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.RouterGuidedBiEncoderRerankModel;
import org.llmrerank.rescorer.llm.ChatTemplate;
import org.llmrerank.rescorer.llm.CheckpointRerankModel;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.BiEncoder;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.hf.SafetensorsFile;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.OnnxBertEncoder;
import org.llmrerank.routing.tokenizer.WordPieceTokenizer;

/**
 * Confines a registration to the models directory and checks its files before anything is loaded:
 * relative path without {@code ..}, every file read through {@link ModelFileReader} (no link leading
 * outside, no hard link, no special file, under the size limit), a parseable tokenizer.json and a
 * config.json of a BERT-class encoder whose sizes are those of the ONNX graph, or of a checkpoint our
 * language-model runtimes load (with its safetensors weights). Every failure is an
 * {@link IllegalArgumentException} (400) that names files relative to the models directory and quotes
 * none of their content. The same checks run again on every node when it loads the model, so a
 * registration written straight into the cluster settings cannot bypass them, and the graph and
 * tokenizer are loaded from the very bytes that were checked.
 */
public final class ModelFiles {

    public static final String ONNX = "model.onnx";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String CONFIG = "config.json";
    /** Dr.LLM routers as {@code train-routers} writes them, in a routed registration's directory. */
    public static final String ROUTERS = "routers.bin";
    /** model_type values of encoders the ONNX BERT runner handles (same inputs, last_hidden_state output). */
    static final Set<String> ENCODER_TYPES = Set.of("bert", "roberta", "xlm-roberta", "distilbert", "mpnet", "electra", "nomic_bert");
    /** How a registered checkpoint scores pointwise: P(yes) (Setwise paper, pointwise prompts). */
    public static final RerankMethod CHECKPOINT_POINTWISE = RerankMethod.POINTWISE_YES_NO;
    static final String SAFETENSORS = "model.safetensors";
    static final String SAFETENSORS_INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What validation found. For an ONNX bi-encoder: the graph and tokenizer bytes that were checked and the
     * shape the FLOPs estimator needs. For a Hugging Face checkpoint (a language model the runtimes load)
     * {@code onnx} is null and {@code checkpoint} is its directory.
     */
    public record Checked(byte[] onnx, byte[] tokenizer, Architecture architecture, Path checkpoint, String onnxLabel, LayerRouters routers) {

        public boolean isCheckpoint() {
            return checkpoint != null;
        }

        public boolean isRouted() {
            return routers != null;
        }

        /** The clause strategies this registration runs, known from its files without loading it. */
        public Set<Strategy> strategies() {
            return isCheckpoint() ? CheckpointRerankModel.strategies(CHECKPOINT_POINTWISE) : BiEncoderRerankModel.strategies();
        }
    }

    private ModelFiles() {}

    /**
     * The checks, privileged ({@link ModelFileAccess}): the plugin's policy grants read on the models directory, the
     * server code on the stack (thread pools, transport) need not have it.
     */
    public static Checked check(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes) {
        ModelPathRedactor redactor = new ModelPathRedactor(modelsRoot);
        try {
            return ModelFileAccess.privileged(() -> checkUnprivileged(modelsRoot, name, spec, maxFileBytes));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(redactor.redact(e.getMessage()));
        }
    }

    /**
     * The strategies a registration runs, from the names in its directory alone (no file is read): asked when a
     * request is validated, which must stay cheap. A registration whose files are broken runs nothing, and its
     * load says why.
     */
    public static Set<Strategy> strategiesOf(Path modelsRoot, ModelSpec spec) {
        return ModelFileAccess.privileged(() -> {
            try {
                Path dir = modelsRoot.resolve(ModelSpec.relativePath(modelsRoot.getFileSystem(), spec.path())).normalize();
                boolean checkpoint = !Files.exists(dir.resolve(ONNX), LinkOption.NOFOLLOW_LINKS) && hasCheckpoint(dir);
                return checkpoint ? CheckpointRerankModel.strategies(CHECKPOINT_POINTWISE) : BiEncoderRerankModel.strategies();
            } catch (IllegalArgumentException | SecurityException e) {
                return BiEncoderRerankModel.strategies();
            }
        });
    }

    /** Checks, then loads tokenizer and ONNX session from the checked bytes; every failure names files relatively. */
    public static RerankModel load(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes,
                                   EncoderOptions options, int maxSequenceLength) throws ModelException {
        Checked c;
        try {
            c = check(modelsRoot, name, spec, maxFileBytes);
        } catch (IllegalArgumentException e) {
            throw new ModelException("cannot load model [" + name + "]: " + e.getMessage());
        }
        return open(modelsRoot, c, name, spec, options, maxSequenceLength);
    }

    /** Loads what {@link #check} accepted. */
    public static RerankModel open(Path modelsRoot, Checked c, String name, ModelSpec spec, EncoderOptions options,
                                   int maxSequenceLength) throws ModelException {
        ModelPathRedactor redactor = new ModelPathRedactor(modelsRoot);
        try {
            return ModelFileAccess.privileged(() -> openUnprivileged(c, name, spec, options, maxSequenceLength));
        } catch (ModelException e) {
            // the runtimes' messages name files by absolute path or file: URL; the cause chain would carry them on
            throw new ModelException(redactor.redact(e.getMessage()));
        } catch (Exception e) {
            throw new ModelException(redactor.redact("cannot load model [" + name + "]: " + e.getMessage()));
        }
    }

    private static RerankModel openUnprivileged(Checked c, String name, ModelSpec spec, EncoderOptions options,
                                                int maxSequenceLength) throws ModelException {
        if (c.isRouted()) {
            RoutedBundledModel base = routedBase(spec);
            try {
                return new RouterGuidedBiEncoderRerankModel(name, base.load(maxSequenceLength, org.llmrerank.rescorer.ModelRegistry.ROUTED_BATCH_SIZE), c.architecture(),
                    c.routers(), spec.knob(), base.onnxModel().size());
            } catch (IOException | RuntimeException | LinkageError e) {
                // LinkageError: the routed runtime's engine is not on this node's classpath
                throw new ModelException("cannot load model [" + name + "] on the routed runtime: " + e);
            }
        }
        if (c.isCheckpoint()) {
            // weights can be many gigabytes, more than a Java array holds: the runtime's loaders open the (checked)
            // files themselves, and confine every file the checkpoint names to its directory
            return CheckpointRerankModel.open(name, c.checkpoint(), CHECKPOINT_POINTWISE);
        }
        try {
            WordPieceTokenizer tok = WordPieceTokenizer.fromJson(new ByteArrayInputStream(c.tokenizer()), maxSequenceLength);
            OnnxBertEncoder encoder = OnnxBertEncoder.load(ModelResource.content(c.onnxLabel(), c.onnx()), spec.poolingMode(),
                options, tok.padId());
            return new BiEncoderRerankModel(name, new BiEncoder(tok, encoder, spec.queryPrefix(), spec.passagePrefix()), c.architecture(),
                c.onnx().length);
        } catch (Exception e) {
            throw new ModelException("cannot load model [" + name + "]: [" + c.onnxLabel() + "] " + e.getMessage());
        }
    }

    private static Checked checkUnprivileged(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes) {
        spec.validateStatic();
        Path relative = ModelSpec.relativePath(modelsRoot.getFileSystem(), spec.path()).normalize();
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
            throw new IllegalArgumentException("[path] [" + spec.path() + "] is a symbolic link resolving outside the models directory");
        }
        if (!Files.isDirectory(realDir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("[path] [" + spec.path() + "] is not a directory");
        }
        ModelFileReader reader = new ModelFileReader(root, maxFileBytes);
        Labels labels = new Labels(relative);
        if (spec.routesBase()) {
            return checkRouters(reader, labels, realDir, spec);
        }
        if (!Files.exists(realDir.resolve(ONNX), LinkOption.NOFOLLOW_LINKS) && hasCheckpoint(realDir)) {
            return checkCheckpoint(reader, labels, realDir);
        }
        byte[] onnx = reader.read(realDir, ONNX, labels.of(ONNX));
        byte[] tokenizerJson = reader.read(realDir, TOKENIZER, labels.of(TOKENIZER));
        byte[] configJson = reader.read(realDir, CONFIG, labels.of(CONFIG));
        Architecture architecture = architecture(name, json(configJson, labels.of(CONFIG)), labels.of(CONFIG));
        WordPieceTokenizer tokenizer = tokenizer(tokenizerJson, labels.of(TOKENIZER), 512);
        if (tokenizer.vocabSize() > architecture.vocab()) {
            throw new IllegalArgumentException("[" + labels.of(CONFIG) + "].vocab_size " + architecture.vocab() + " is smaller than the ["
                + labels.of(TOKENIZER) + "] vocabulary (" + tokenizer.vocabSize() + "): they do not belong to the same model");
        }
        GraphConfigCheck.check(onnx, labels.of(ONNX), architecture, labels.of(CONFIG));
        return new Checked(onnx, tokenizerJson, architecture, null, labels.of(ONNX), null);
    }

    /** Names a model's files in messages: by their path relative to the models directory, as the registration gave it. */
    private record Labels(Path relative) {
        String of(String fileName) {
            return relative.resolve(fileName).toString().replace('\\', '/');
        }
    }

    /**
     * A Hugging Face checkpoint: config.json of a type our runtimes load, tokenizer.json, and safetensors weights (one
     * file, or the shards an index names), every file inside the models directory and under the size limit.
     */
    private static Checked checkCheckpoint(ModelFileReader reader, Labels labels, Path dir) {
        JsonNode config = json(reader.read(dir, CONFIG, labels.of(CONFIG)), labels.of(CONFIG));
        reader.check(dir, TOKENIZER, labels.of(TOKENIZER));
        String type = config.path("model_type").asText("");
        if (!CheckpointRerankModel.DECODER_TYPES.contains(type) && !CheckpointRerankModel.ENCODER_DECODER_TYPES.contains(type)) {
            throw new IllegalArgumentException("[" + labels.of(CONFIG) + "].model_type " + quoted(type) + " is not supported for a checkpoint; supported: "
                + new TreeSet<>(CheckpointRerankModel.DECODER_TYPES) + " (decoders), "
                + CheckpointRerankModel.ENCODER_DECODER_TYPES + " (encoder-decoder); or register an ONNX bi-encoder");
        }
        if (Files.exists(dir.resolve(SAFETENSORS_INDEX), LinkOption.NOFOLLOW_LINKS)) {
            String indexLabel = labels.of(SAFETENSORS_INDEX);
            JsonNode map = json(reader.read(dir, SAFETENSORS_INDEX, indexLabel), indexLabel).path("weight_map");
            if (!map.isObject() || map.isEmpty()) {
                throw new IllegalArgumentException("[" + indexLabel + "] has no weight_map");
            }
            Set<String> shards = new TreeSet<>();
            map.forEach(v -> shards.add(v.asText()));
            for (String shard : shards) {
                if (shard.isEmpty() || shard.contains("/") || shard.contains("\\") || shard.equals("..") || !shard.endsWith(".safetensors")) {
                    throw new IllegalArgumentException("[" + indexLabel + "] names shard " + quoted(shard)
                        + ": shards must be .safetensors files in the model directory itself");
                }
                safetensorsHeader(reader.check(dir, shard, labels.of(shard)));
            }
        } else {
            safetensorsHeader(reader.check(dir, SAFETENSORS, labels.of(SAFETENSORS)));
        }
        checkChatTemplate(reader, labels, dir);
        Architecture architecture;
        try {
            architecture = HfConfigReader.parse(config, labels.of(CONFIG));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("[" + labels.of(CONFIG) + "] does not describe a model the estimator knows: " + e.getMessage());
        }
        return new Checked(null, null, architecture, dir, null, null);
    }

    /**
     * Routers for a bundled model of the routed runtime: the routers file parses, and it routes exactly the base model's
     * layers, reading states of its width. The weights are the bundled model's own.
     */
    private static Checked checkRouters(ModelFileReader reader, Labels labels, Path dir, ModelSpec spec) {
        String label = labels.of(ROUTERS);
        byte[] content = reader.read(dir, ROUTERS, label);
        LayerRouters routers;
        try {
            routers = LayerRouters.read(new ByteArrayInputStream(content));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("[" + label + "] is not a routers file written by train-routers");
        }
        Architecture base = routedBase(spec).mirrors().architecture();
        if (routers.layers() != base.nLayer() || routers.inputDim() != base.dModel()) {
            throw new IllegalArgumentException("[" + label + "] routes " + routers.layers() + " layers of width " + routers.inputDim()
                + "; [base] [" + spec.base() + "] has " + base.nLayer() + " layers of width " + base.dModel());
        }
        return new Checked(null, null, base, null, null, routers);
    }

    private static RoutedBundledModel routedBase(ModelSpec spec) {
        return RoutedBundledModel.byName(spec.base())
            .orElseThrow(() -> new IllegalArgumentException("[base] [" + spec.base() + "] is not a bundled model of the routed runtime"));
    }

    /**
     * A chat template (tokenizer_config.json's chat_template, or chat_template.jinja) wraps every prompt of the
     * checkpoint, so it must parse and render one user turn: a template that cannot is refused here rather than at
     * the first search. The message names the file only: the template's own errors quote its text.
     */
    private static void checkChatTemplate(ModelFileReader reader, Labels labels, Path dir) {
        boolean config = Files.exists(dir.resolve(ChatTemplate.CONFIG_FILE), LinkOption.NOFOLLOW_LINKS);
        boolean jinja = Files.exists(dir.resolve(ChatTemplate.JINJA_FILE), LinkOption.NOFOLLOW_LINKS);
        if (!config && !jinja) {
            return;
        }
        String label = labels.of(jinja ? ChatTemplate.JINJA_FILE : ChatTemplate.CONFIG_FILE);
        JsonNode tokens = config
            ? json(reader.read(dir, ChatTemplate.CONFIG_FILE, labels.of(ChatTemplate.CONFIG_FILE)), labels.of(ChatTemplate.CONFIG_FILE))
            : JSON.createObjectNode();
        String text = jinja ? new String(reader.read(dir, ChatTemplate.JINJA_FILE, label), StandardCharsets.UTF_8) : null;
        if (!tokens.isObject()) {
            throw new IllegalArgumentException("[" + labels.of(ChatTemplate.CONFIG_FILE) + "] must be a JSON object");
        }
        java.util.Optional<ChatTemplate> template;
        try {
            template = ChatTemplate.parse(tokens, text, "[" + label + "]");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        try {
            template.ifPresent(t -> t.renderUserPrompt("query"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("[" + label + "] has a chat template that does not render one user turn");
        }
    }

    /** Parses a weights file's header (not its tensors): malformed files are refused before anything loads. */
    private static void safetensorsHeader(ModelFileReader.Checked file) {
        try {
            SafetensorsFile.open(file.path());
        } catch (RuntimeException e) {
            // the reader's messages can quote the header (the file's first bytes): only the verdict is given
            throw new IllegalArgumentException("[" + file.label() + "] is not a valid safetensors file");
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

    /** A JSON file's tree; a syntax error is reported by position only (Jackson's message quotes the offending text). */
    private static JsonNode json(byte[] content, String label) {
        try {
            return JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("[" + label + "] is not valid JSON" + where(e));
        } catch (IOException e) {
            throw ModelFileReader.unreadable(label, e);
        }
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static WordPieceTokenizer tokenizer(byte[] content, String label, int maxLength) {
        try {
            return WordPieceTokenizer.fromJson(new ByteArrayInputStream(content), maxLength);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("[" + label + "] is malformed: not valid JSON" + where(e));
        } catch (Exception e) {
            throw new IllegalArgumentException("[" + label + "] is malformed or not a WordPiece (BERT) tokenizer: " + e.getMessage());
        }
    }

    private static Architecture architecture(String name, JsonNode config, String label) {
        if (!config.isObject()) {
            throw new IllegalArgumentException("[" + label + "] is not a JSON object");
        }
        JsonNode type = config.get("model_type");
        if (type != null && !ENCODER_TYPES.contains(type.asText().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("[" + label + "].model_type " + quoted(type.asText()) + " is not a BERT-class encoder " + ENCODER_TYPES
                + "; generative LLM checkpoints are registered as safetensors checkpoints");
        }
        int layers = positive(config, "num_hidden_layers", label);
        int hidden = positive(config, "hidden_size", label);
        int heads = positive(config, "num_attention_heads", label);
        int ffn = positive(config, "intermediate_size", label);
        int vocab = positive(config, "vocab_size", label);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("[" + label + "].hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        try {
            return Architecture.encoderOnly(name, layers, hidden, ffn, heads, vocab);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("[" + label + "] " + e.getMessage());
        }
    }

    private static int positive(JsonNode config, String field, String label) {
        JsonNode v = config.get(field);
        if (v == null || !v.isNumber() || v.doubleValue() != Math.rint(v.doubleValue()) || v.longValue() <= 0 || v.longValue() > 1_000_000) {
            throw new IllegalArgumentException("[" + label + "]." + field + " must be a positive integer, got "
                + (v == null || v.isNull() ? "[null]" : v.isNumber() ? "[" + v + "]" : "a " + v.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        return v.intValue();
    }

    /** A config value in a message: short identifiers as they are, anything else only described (never echoed). */
    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9_.-]{1,64}") ? "[" + value + "]" : "(a value that is not a model type name)";
    }
}
