package org.llmrerank.estimator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named architectures of the models the papers and this project use, from their Hugging Face
 * config.json files (E2R-FLOPs, prompt and output tokens per method table; bge-small-en-v1.5 and all-MiniLM-L6-v2 model cards).
 * FFNs are counted truthfully: 3 matrices for gated FFNs (Llama/Qwen SwiGLU, Flan-T5 gated-GELU),
 * 2 for BERT; use {@link Architecture#withFfnMatrices(int)} with 2 to reproduce the paper.
 */
public final class Presets {

    private static final Map<String, Architecture> PRESETS = build();

    private Presets() {}

    private static Map<String, Architecture> build() {
        Map<String, Architecture> m = new LinkedHashMap<>();
        // T5: d_kv = 64 for all three; 24 encoder + 24 decoder blocks; vocab 32128
        put(m, Architecture.encoderDecoder("flan-t5-large", 24, 1024, 2816, 16, 64, 32128, 3));
        put(m, Architecture.encoderDecoder("flan-t5-xl", 24, 2048, 5120, 32, 64, 32128, 3));
        put(m, Architecture.encoderDecoder("flan-t5-xxl", 24, 4096, 10240, 64, 64, 32128, 3));
        put(m, Architecture.decoderOnly("llama-3.1-8b", 32, 4096, 14336, 32, 8, 128256, 3));
        put(m, Architecture.decoderOnly("qwen2.5-3b", 36, 2048, 11008, 16, 2, 151936, 3));
        put(m, Architecture.decoderOnly("qwen2.5-7b", 28, 3584, 18944, 28, 4, 152064, 3));
        put(m, Architecture.decoderOnly("qwen2.5-14b", 48, 5120, 13824, 40, 8, 152064, 3));
        put(m, Architecture.encoderOnly("bge-small-en-v1.5", 12, 384, 1536, 12, 30522));
        put(m, Architecture.encoderOnly("all-minilm-l6-v2", 6, 384, 1536, 12, 30522));
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, Architecture> m, Architecture a) {
        m.put(a.name(), a);
    }

    /** The preset of that name (case-insensitive); unknown names list the known ones. */
    public static Architecture get(String name) {
        Architecture a = name == null ? null : PRESETS.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        if (a == null) {
            throw new InputException("unknown preset '" + name + "'; known presets: " + String.join(", ", names()));
        }
        return a;
    }

    public static Set<String> names() {
        return PRESETS.keySet();
    }
}
