package org.llmrerank.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;
import org.apache.lucene.tests.mockfile.FilterFileSystemProvider;
import org.llmrerank.plugin.models.ModelSpecSettings;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rest.models.ModelFiles;
import org.llmrerank.rest.models.ModelSpec;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.opensearch.common.settings.Settings;
import org.opensearch.test.OpenSearchTestCase;

/**
 * What a registration's files may be and what its errors may say, checked on the file-level API every node runs
 * (the PUT's 400, and the load whose message becomes a search's fallback_reason and the stats' last_error): files
 * are named relative to the models directory, never by absolute path or file: URL, and no message carries the
 * content of a file; links cannot lead out of the directory; config.json must describe the graph beside it.
 */
public class ModelFilesTests extends OpenSearchTestCase {

    private static final long MAX_FILE_BYTES = 40L << 20;
    /** Stands for a file outside the models directory that no caller may read (a key, a password file). */
    private static final String SECRET = "SECRET-TOKEN-7f3a1c";

    private Path root;
    private Path outside;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        // the default file system, as the plugin uses (a hard link needs both names on one real file system)
        root = Path.of(createTempDir("models").toAbsolutePath().toString()).toRealPath();
        outside = Path.of(createTempDir("outside").toAbsolutePath().toString()).toRealPath();
    }

    private static void writeMiniLm(Path dir) throws IOException {
        MiniLmModelFiles.write(dir);
    }

    private static ModelSpec spec(String path) {
        return new ModelSpec(path, "mean", "", "");
    }

    private String checkFails(Path modelsRoot, String path) {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
            () -> ModelFiles.check(modelsRoot, "m", spec(path), MAX_FILE_BYTES));
        assertNull("the cause chain reaches the REST response too", e.getCause());
        return e.getMessage();
    }

    private String loadFails(Path modelsRoot, String path) {
        ModelException e = expectThrows(ModelException.class,
            () -> ModelFiles.load(modelsRoot, "m", spec(path), MAX_FILE_BYTES, new EncoderOptions(1, 1, false), 32));
        assertNull("the cause chain reaches the REST response too", e.getCause());
        return e.getMessage();
    }

    private void assertNoPathOrContent(String message) {
        assertFalse(message, message.contains(root.toString()));
        assertFalse(message, message.contains(outside.toString()));
        assertFalse(message, message.contains("file:"));
        assertFalse(message, message.contains(SECRET));
    }

    public void testHardLinkToAFileOutsideIsRefusedWithoutItsContent() throws Exception {
        writeMiniLm(root.resolve("x"));
        Path secret = outside.resolve("secret.txt");
        Files.writeString(secret, SECRET + " more secret lines\n");
        Files.delete(root.resolve("x/config.json"));
        Files.createLink(root.resolve("x/config.json"), secret);
        for (String message : new String[] {checkFails(root, "x"), loadFails(root, "x")}) {
            assertTrue(message, message.contains("[x/config.json] is a hard link"));
            assertNoPathOrContent(message);
        }
        // a hard link inside the directory is refused as well: nothing in the directory tells where the other name is
        writeMiniLm(root.resolve("y"));
        Files.createLink(root.resolve("y/config2.json"), root.resolve("y/config.json"));
        assertTrue(checkFails(root, "y").contains("[y/config.json] is a hard link"));
    }

    public void testSymbolicLinksOutOfTheDirectoryAreRefused() throws Exception {
        writeMiniLm(outside.resolve("model"));
        Files.createSymbolicLink(root.resolve("escape"), outside.resolve("model"));
        String dir = checkFails(root, "escape");
        assertEquals("[path] [escape] is a symbolic link resolving outside the models directory", dir);
        writeMiniLm(root.resolve("file_link"));
        Files.delete(root.resolve("file_link/model.onnx"));
        Files.createSymbolicLink(root.resolve("file_link/model.onnx"), outside.resolve("model/model.onnx"));
        String file = checkFails(root, "file_link");
        assertEquals("[file_link/model.onnx] is a symbolic link resolving outside the models directory", file);
        // inside is fine
        writeMiniLm(root.resolve("good"));
        Files.createSymbolicLink(root.resolve("inside"), root.resolve("good"));
        assertFalse(ModelFiles.check(root, "m", spec("inside"), MAX_FILE_BYTES).isCheckpoint());
    }

    public void testJsonSyntaxErrorsQuoteNoContent() throws Exception {
        writeMiniLm(root.resolve("x"));
        Files.writeString(root.resolve("x/config.json"), SECRET + "\n");
        String config = checkFails(root, "x");
        assertTrue(config, config.startsWith("[x/config.json] is not valid JSON (line 1, column "));
        assertNoPathOrContent(config);
        writeMiniLm(root.resolve("t"));
        Files.writeString(root.resolve("t/tokenizer.json"), "{\"model\": " + SECRET + "}");
        String tokenizer = checkFails(root, "t");
        assertTrue(tokenizer, tokenizer.startsWith("[t/tokenizer.json] is malformed"));
        assertNoPathOrContent(tokenizer);
    }

    /** A graph ONNX Runtime refuses: its message, and the wrapper's, named the file by absolute path and file: URL. */
    public void testOnnxRuntimeErrorsNameTheFileRelatively() throws Exception {
        writeMiniLm(root.resolve("x"));
        // ir_version 8, opset 17, a graph of one node of an operator that does not exist
        byte[] node = concat(field(1, "a".getBytes(StandardCharsets.UTF_8)), field(2, "b".getBytes(StandardCharsets.UTF_8)),
            field(4, "NoSuchOperator".getBytes(StandardCharsets.UTF_8)));
        byte[] model = concat(new byte[] {0x08, 0x08}, field(8, new byte[] {0x10, 0x11}), field(7, field(1, node)));
        Files.write(root.resolve("x/model.onnx"), model);
        for (String message : new String[] {loadFails(root, "x"), loadFails(root.resolve("x/.."), "x")}) {
            assertTrue(message, message.contains("[x/model.onnx]"));
            assertTrue(message, message.contains("ONNX Runtime could not load x/model.onnx"));
            assertNoPathOrContent(message);
        }
    }

    public void testUnreadableConfigIsReportedAsUnreadable() throws Exception {
        writeMiniLm(root.resolve("x"));
        FileSystem denying = new DenyingProvider(root.getFileSystem(), "config.json").getFileSystem(null);
        Path wrapped = denying.getPath(root.toString());
        for (String message : new String[] {checkFails(wrapped, "x"), loadFails(wrapped, "x")}) {
            assertTrue(message, message.contains("[x/config.json] cannot be read: permission denied"));
            assertFalse(message, message.contains("not valid JSON"));
            assertNoPathOrContent(message);
        }
    }

    public void testConfigMustDescribeTheGraph() throws Exception {
        writeMiniLm(root.resolve("x"));
        Files.writeString(root.resolve("x/config.json"), MiniLmModelFiles.CONFIG.replace("\"num_hidden_layers\": 6", "\"num_hidden_layers\": 1000000")
            .replace("1536", "3072"));
        for (String message : new String[] {checkFails(root, "x"), loadFails(root, "x")}) {
            assertTrue(message, message.contains("[x/config.json] does not describe [x/model.onnx]"));
            assertTrue(message, message.contains("num_hidden_layers is 1000000 in [x/config.json] but 6 in the graph"));
            assertTrue(message, message.contains("intermediate_size is 3072 in [x/config.json] but 1536 in the graph"));
            assertFalse(message, message.contains("hidden_size is"));
        }
        Files.writeString(root.resolve("x/config.json"), MiniLmModelFiles.CONFIG);
        ModelFiles.Checked ok = ModelFiles.check(root, "m", spec("x"), MAX_FILE_BYTES);
        assertEquals(6, ok.architecture().nLayer());
    }

    /**
     * Qwen3, Gemma and Gemma 2 checkpoints (tiny random STAND-INs written by the test) register and load, the Gemma 2 one
     * with a chat template in its tokenizer_config.json, which then wraps its prompts: rendered under the plugin's
     * permissions, as a node renders them.
     */
    public void testQwen3AndGemmaCheckpointsRegisterAndScore() throws Exception {
        // as the plugin sets the engine up on a node: natives under the temporary directory, nothing fetched
        org.llmrerank.routing.runtime.DjlEngineSetup.configure(
            Path.of(System.getProperty("java.io.tmpdir"), "llm_rerank", "djl"), 1);
        for (var family : new String[] {"qwen3", "gemma", "gemma2"}) {
            var shape = switch (family) {
                case "qwen3" -> org.llmrerank.routing.runtime.llama.StandInLlama.Shape.QWEN3;
                case "gemma" -> org.llmrerank.routing.runtime.llama.StandInLlama.Shape.GEMMA;
                default -> org.llmrerank.routing.runtime.llama.StandInLlama.Shape.GEMMA2;
            };
            Path dir = org.llmrerank.routing.runtime.llama.StandInLlama.write(root.resolve(family), shape, 3,
                org.llmrerank.routing.runtime.llama.StandInLlama.Layout.SINGLE_F32);
            if (family.equals("gemma2")) {
                Files.writeString(dir.resolve("tokenizer_config.json"), """
                    {"bos_token": "<s>", "eos_token": "</s>", "chat_template": "{{ bos_token }}{% for m in messages %}{{ m['role'] }} : {{ m['content'] }}\\n{% endfor %}{% if add_generation_prompt %}Answer :{% endif %}"}""");
            }
            ModelFiles.Checked ok = ModelFiles.check(root, "m", spec(family), MAX_FILE_BYTES);
            assertEquals(3, ok.architecture().nLayer());
            assertEquals(64, ok.architecture().dAttn());
            try (var model = ModelFiles.load(root, "m", spec(family), MAX_FILE_BYTES, new EncoderOptions(1, 1, false), 32)) {
                float[] scores = model.scorePointwise("what does the cat eat", java.util.List.of("the cat eat fish", "the sun")).scores();
                assertEquals(2, scores.length);
                for (float f : scores) {
                    assertTrue(family + " " + f, f > 0 && f < 1);
                }
            }
        }
        Files.writeString(root.resolve("gemma2/tokenizer_config.json"), "{\"chat_template\": \"{{ raise_exception('" + SECRET + "') }}\"}");
        String refused = checkFails(root, "gemma2");
        assertEquals("[gemma2/tokenizer_config.json] has a chat template that does not render one user turn", refused);
        Files.writeString(root.resolve("gemma2/tokenizer_config.json"), "{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"x\"}]}");
        assertEquals("[gemma2/tokenizer_config.json]: chat_template lists named templates but none is 'default'", checkFails(root, "gemma2"));
    }

    public void testPrefixesHaveAHardCeilingInTheClusterSettingsValidator() {
        String huge = "p".repeat(ModelSpec.MAX_PREFIX_CHARS_CEILING + 1);
        Settings group = Settings.builder().put("m.path", "x").put("m.query_prefix", huge).build();
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> ModelSpecSettings.validateGroup(group));
        assertTrue(e.getMessage(), e.getMessage().startsWith("[query_prefix] is " + huge.length() + " characters, over the limit of "));
        ModelSpecSettings.validateGroup(Settings.builder().put("m.path", "x").put("m.passage_prefix", "p".repeat(1000)).build());
        IllegalArgumentException put = expectThrows(IllegalArgumentException.class,
            () -> new ModelSpec("x", "mean", "", "p".repeat(1025)).validatePrefixes(1024, "[limit]"));
        assertEquals("[passage_prefix] is 1025 characters, over the limit of 1024 ([limit])", put.getMessage());
    }

    private static byte[] field(int number, byte[] value) {
        byte[] out = new byte[value.length + 2];
        out[0] = (byte) (number << 3 | 2);
        out[1] = (byte) value.length; // every value here is under 128 bytes
        System.arraycopy(value, 0, out, 2, value.length);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Opening a file of the given name fails as a file without read permission does (tests run as root, which reads anything). */
    private static final class DenyingProvider extends FilterFileSystemProvider {
        private final String denied;

        DenyingProvider(FileSystem delegate, String denied) {
            super("denying://", delegate);
            this.denied = denied;
        }

        private void deny(Path path) throws AccessDeniedException {
            if (path.getFileName() != null && path.getFileName().toString().equals(denied)) {
                throw new AccessDeniedException(path.toString());
            }
        }

        @Override
        public InputStream newInputStream(Path path, OpenOption... options) throws IOException {
            deny(path);
            return super.newInputStream(path, options);
        }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
            deny(path);
            return super.newFileChannel(path, options, attrs);
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
            deny(path);
            return super.newByteChannel(path, options, attrs);
        }
    }
}
