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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.Map;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.ConfigException;
import org.llmrerank.estimator.HfConfig;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.BiEncoderRerankModel;
import org.llmrerank.rescorer.CrossEncoderRerankModel;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.llm.ChatTemplate;
import org.llmrerank.rescorer.llm.CheckpointRerankModel;
import org.llmrerank.rescorer.llm.PointwisePrompt;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelFactory;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.BundledModel;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.hf.SafetensorsFile;
import org.llmrerank.routing.onnx.EncoderOptions;
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
    public static final String CONFIG = HfConfig.FILE_NAME;
    /** Dr.LLM routers as {@code train-routers} writes them, in a routed registration's directory. */
    public static final String ROUTERS = "routers.bin";
    /** How a registered checkpoint scores pointwise: P(yes) (Setwise paper, pointwise prompts). */
    public static final RerankMethod CHECKPOINT_POINTWISE = RerankMethod.POINTWISE_YES_NO;
    static final String SAFETENSORS = "model.safetensors";
    static final String SAFETENSORS_INDEX = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What validation found: the model as the factory opens it (for an ONNX bi-encoder, the very graph and tokenizer
     * bytes that were checked; for a Hugging Face checkpoint, an LLM, its directory; for routers, the routers read), and
     * the shape the FLOPs estimator needs.
     */
    public record Checked(ModelDescriptor descriptor, Architecture architecture) {

        /**
         * Whether its weights are a checkpoint folder's, loaded on first use rather than probed at registration: an LLM,
         * or a cross-encoder's safetensors.
         */
        public boolean isCheckpoint() {
            return descriptor instanceof ModelDescriptor.Checkpoint || descriptor instanceof ModelDescriptor.CheckpointCrossEncoder
                || descriptor instanceof ModelDescriptor.RouterGuidedCrossEncoder;
        }

        public boolean isRouted() {
            return descriptor instanceof ModelDescriptor.RouterGuided || descriptor instanceof ModelDescriptor.LayeredRouterGuided;
        }

        /** The clause strategies this registration runs, known from its files without loading it. */
        public Set<Strategy> strategies() {
            return descriptor.strategies();
        }
    }

    private ModelFiles() {}

    /**
     * The checks, privileged ({@link ModelFileAccess}): the plugin's policy grants read on the models directory, the
     * server code on the stack (thread pools, transport) need not have it.
     */
    public static Checked check(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes) {
        return check(modelsRoot, name, spec, maxFileBytes, Map.of());
    }

    /**
     * As {@link #check(Path, String, ModelSpec, long)}, with the registrations in force: routers whose {@code base} is
     * one of them (a safetensors cross-encoder) are checked against its files.
     */
    public static Checked check(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes, Map<String, ModelSpec> registered) {
        ModelPathRedactor redactor = new ModelPathRedactor(modelsRoot);
        try {
            return ModelFileAccess.privileged(() -> checkUnprivileged(modelsRoot, name, spec, maxFileBytes, registered));
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
        return strategiesOf(modelsRoot, spec, Map.of());
    }

    /** As {@link #strategiesOf(Path, ModelSpec)}; routers over a registered model run what that model runs. */
    public static Set<Strategy> strategiesOf(Path modelsRoot, ModelSpec spec, Map<String, ModelSpec> registered) {
        ModelSpec routedBase = spec.routesBase() ? registered.get(spec.base()) : null;
        if (routedBase != null && !routedBase.routesBase()) {
            return strategiesOf(modelsRoot, routedBase);
        }
        return ModelFileAccess.privileged(() -> {
            try {
                Path dir = modelsRoot.resolve(ModelSpec.relativePath(modelsRoot.getFileSystem(), spec.path())).normalize();
                if (CrossEncoderFiles.isCrossEncoder(dir)) {
                    return CrossEncoderRerankModel.strategies();
                }
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
        return load(modelsRoot, name, spec, maxFileBytes, new ModelFactory(options, maxSequenceLength));
    }

    /** Checks, then loads what was checked with {@code factory}; every failure names files relatively. */
    public static RerankModel load(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes, ModelFactory factory)
        throws ModelException {
        return load(modelsRoot, name, spec, maxFileBytes, factory, Map.of());
    }

    /** As {@link #load(Path, String, ModelSpec, long, ModelFactory)}, routers resolving their base among {@code registered}. */
    public static RerankModel load(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes, ModelFactory factory,
                                   Map<String, ModelSpec> registered) throws ModelException {
        Checked c;
        try {
            c = check(modelsRoot, name, spec, maxFileBytes, registered);
        } catch (IllegalArgumentException e) {
            throw new ModelException("cannot load model [" + name + "]: " + e.getMessage());
        }
        return open(modelsRoot, c, name, factory);
    }

    /** Loads what {@link #check} accepted ({@code spec}'s pooling and prefixes are in {@code c} already). */
    public static RerankModel open(Path modelsRoot, Checked c, String name, ModelSpec spec, EncoderOptions options,
                                   int maxSequenceLength) throws ModelException {
        return open(modelsRoot, c, name, new ModelFactory(options, maxSequenceLength));
    }

    private static RerankModel open(Path modelsRoot, Checked c, String name, ModelFactory factory) throws ModelException {
        ModelPathRedactor redactor = new ModelPathRedactor(modelsRoot);
        try {
            // weights can be many gigabytes, more than a Java array holds: a checkpoint's loaders open its (checked) files
            // themselves, and confine every file the checkpoint names to its directory
            return ModelFileAccess.privileged(() -> factory.open(c.descriptor()));
        } catch (ModelException e) {
            // the runtimes' messages name files by absolute path or file: URL; the cause chain would carry them on
            throw new ModelException(redactor.redact(e.getMessage()));
        } catch (Exception e) {
            throw new ModelException(redactor.redact("cannot load model [" + name + "]: " + e.getMessage()));
        }
    }

    private static Checked checkUnprivileged(Path modelsRoot, String name, ModelSpec spec, long maxFileBytes,
                                             Map<String, ModelSpec> registrations) {
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
            if (registrations.containsKey(spec.base()) && !spec.base().equals(name)) {
                // a registered base is checked as its own registration (which cannot itself name a registered base)
                return RouterFiles.check(reader, labels.of(ROUTERS), realDir, name, spec, registrations.get(spec.base()),
                    baseSpec -> checkUnprivileged(modelsRoot, spec.base(), baseSpec, maxFileBytes, Map.of()));
            }
            return checkRouters(reader, labels, realDir, name, spec);
        }
        if (CrossEncoderFiles.isCrossEncoder(realDir)) {
            return CrossEncoderFiles.check(reader, labels, realDir, name, spec);
        }
        if (!Files.exists(realDir.resolve(ONNX), LinkOption.NOFOLLOW_LINKS) && hasCheckpoint(realDir)) {
            return checkCheckpoint(reader, labels, realDir, name);
        }
        byte[] onnx = reader.read(realDir, ONNX, labels.of(ONNX));
        byte[] tokenizerJson = reader.read(realDir, TOKENIZER, labels.of(TOKENIZER));
        byte[] configJson = reader.read(realDir, CONFIG, labels.of(CONFIG));
        HfConfig config = config(configJson, labels.of(CONFIG));
        Architecture architecture = encoderArchitecture(config, name, labels.of(CONFIG));
        WordPieceTokenizer tokenizer = tokenizer(tokenizerJson, labels.of(TOKENIZER), 512);
        if (tokenizer.vocabSize() > architecture.vocab()) {
            throw new IllegalArgumentException("[" + labels.of(CONFIG) + "].vocab_size " + architecture.vocab() + " is smaller than the ["
                + labels.of(TOKENIZER) + "] vocabulary (" + tokenizer.vocabSize() + "): they do not belong to the same model");
        }
        GraphConfigCheck.check(onnx, labels.of(ONNX), config, labels.of(CONFIG));
        ModelDescriptor registered = new ModelDescriptor.RegisteredOnnx(name, ModelResource.content(labels.of(ONNX), onnx),
            ModelResource.content(labels.of(TOKENIZER), tokenizerJson), architecture, spec.poolingMode(), spec.queryPrefix(),
            spec.passagePrefix());
        return new Checked(registered, architecture);
    }

    /** Names a model's files in messages: by their path relative to the models directory, as the registration gave it. */
    record Labels(Path relative) {
        String of(String fileName) {
            return relative.resolve(fileName).toString().replace('\\', '/');
        }
    }

    /**
     * A Hugging Face checkpoint: config.json of a type our runtimes load, tokenizer.json, and safetensors weights (one
     * file, or the shards an index names), every file inside the models directory and under the size limit.
     */
    private static Checked checkCheckpoint(ModelFileReader reader, Labels labels, Path dir, String name) {
        HfConfig config = config(reader.read(dir, CONFIG, labels.of(CONFIG)), labels.of(CONFIG));
        reader.check(dir, TOKENIZER, labels.of(TOKENIZER));
        String type = config.modelType();
        if (!CheckpointRerankModel.DECODER_TYPES.contains(type) && !CheckpointRerankModel.ENCODER_DECODER_TYPES.contains(type)) {
            throw new IllegalArgumentException("[" + labels.of(CONFIG) + "].model_type " + quoted(type) + " is not supported for a checkpoint; supported: "
                + new TreeSet<>(CheckpointRerankModel.DECODER_TYPES) + " (decoders), "
                + CheckpointRerankModel.ENCODER_DECODER_TYPES + " (encoder-decoder); or register an ONNX bi-encoder");
        }
        checkWeightFiles(reader, labels, dir);
        checkChatTemplate(reader, labels, dir);
        Architecture architecture;
        try {
            architecture = config.architecture();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("[" + labels.of(CONFIG) + "] does not describe a model the estimator knows: "
                + (e.field() == null ? "" : e.field() + " ") + e.problem());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("[" + labels.of(CONFIG) + "] does not describe a model the estimator knows: " + e.getMessage());
        }
        return new Checked(new ModelDescriptor.Checkpoint(name, dir, CHECKPOINT_POINTWISE, PointwisePrompt.YES_NO), architecture);
    }

    /**
     * A checkpoint's safetensors: one file, or the shards its index names, each inside the directory, under the size
     * limit and with a header that parses. Their tensors are not read.
     */
    static void checkWeightFiles(ModelFileReader reader, Labels labels, Path dir) {
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
    }

    /**
     * Routers for a bundled model of the routed runtime or in per-layer sessions: the routers file parses, and it routes
     * exactly the base model's layers, reading states of its width. The weights are the bundled model's own.
     */
    private static Checked checkRouters(ModelFileReader reader, Labels labels, Path dir, String name, ModelSpec spec) {
        String label = labels.of(ROUTERS);
        byte[] content = reader.read(dir, ROUTERS, label);
        LayerRouters routers;
        try {
            routers = LayerRouters.read(new ByteArrayInputStream(content));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("[" + label + "] is not a routers file written by train-routers");
        }
        Optional<BundledModel> layered = ModelSpec.layeredBase(spec.base());
        Architecture shape = layered.isPresent() ? layered.get().architecture() : routedBase(spec).mirrors().architecture();
        if (routers.layers() != shape.nLayer() || routers.inputDim() != shape.dModel()) {
            throw new IllegalArgumentException("[" + label + "] routes " + routers.layers() + " layers of width " + routers.inputDim()
                + "; [base] [" + spec.base() + "] has " + shape.nLayer() + " layers of width " + shape.dModel());
        }
        return new Checked(layered.isPresent()
            ? new ModelDescriptor.LayeredRouterGuided(name, layered.get(), routers, spec.knob())
            : new ModelDescriptor.RouterGuided(name, routedBase(spec), routers, spec.knob()), shape);
    }

    private static RoutedBundledModel routedBase(ModelSpec spec) {
        return RoutedBundledModel.byName(spec.base())
            .orElseThrow(() -> new IllegalArgumentException("[base] [" + spec.base() + "] is neither a bundled model of the routed runtime "
                + RoutedBundledModel.names() + " nor another registered model"));
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

    /** The config.json, parsed; a syntax error is reported by position only (the parser's message quotes the text). */
    static HfConfig config(byte[] content, String label) {
        try {
            return HfConfig.parse(content, label);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.framed(label));
        }
    }

    /** The shape of the BERT-class encoder the config describes, named after the registration. */
    private static Architecture encoderArchitecture(HfConfig config, String name, String label) {
        try {
            return config.encoderArchitecture(name);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.framed(label));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("[" + label + "] " + e.getMessage());
        }
    }

    /** A config value in a message: short identifiers as they are, anything else only described (never echoed). */
    private static String quoted(String value) {
        return HfConfig.quoted(value);
    }
}
