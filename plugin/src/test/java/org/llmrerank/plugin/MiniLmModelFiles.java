package org.llmrerank.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.llmrerank.routing.BundledModel;

/** The bundled all-MiniLM-L6-v2 written as a registration directory: model.onnx, tokenizer.json and config.json. */
final class MiniLmModelFiles {

    /** config.json of all-MiniLM-L6-v2: the sizes its ONNX graph has. */
    static final String CONFIG = """
        {"model_type": "bert", "num_hidden_layers": 6, "hidden_size": 384, "intermediate_size": 1536,
         "num_attention_heads": 12, "vocab_size": 30522}""";

    private MiniLmModelFiles() {}

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        BundledModel m = BundledModel.ALL_MINILM_L6_V2;
        Files.write(dir.resolve("model.onnx"), m.onnxBytes());
        try (InputStream in = m.tokenizerJson()) {
            Files.write(dir.resolve("tokenizer.json"), in.readAllBytes());
        }
        Files.writeString(dir.resolve("config.json"), CONFIG);
    }
}
