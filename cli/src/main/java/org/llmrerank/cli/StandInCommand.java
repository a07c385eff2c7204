package org.llmrerank.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.llmrerank.cli.Args.UsageException;
import org.llmrerank.estimator.InputException;
import org.llmrerank.routing.runtime.llama.StandInLlama;
import org.llmrerank.routing.runtime.t5.StandInT5;

/**
 * {@code write-stand-in --out DIR [--family qwen2|llama|qwen3|gemma|gemma2|flan-t5|t5] [--seed N]}: writes a tiny
 * STAND-IN checkpoint with random weights in the Hugging Face layout, to try
 * {@code eval --model DIR} where no real LLM weights can be downloaded. Its rankings mean nothing.
 */
final class StandInCommand {

    private final PrintStream out;

    StandInCommand(PrintStream out) {
        this.out = out;
    }

    int run(String[] argv) {
        Args args = new Args(argv, 1, Set.of());
        String dir = args.string("out");
        String family = args.string("family", "qwen2");
        int seed = args.integer("seed", 28);
        args.rejectUnread();
        if (dir == null) {
            throw new UsageException("write-stand-in needs --out DIR");
        }
        Path path = Path.of(dir);
        try {
            switch (family) {
                case "qwen2" -> StandInLlama.write(path, StandInLlama.Shape.QWEN2, seed, StandInLlama.Layout.SINGLE_F32);
                case "llama" -> StandInLlama.write(path, StandInLlama.Shape.LLAMA_TIED, seed, StandInLlama.Layout.SHARDED_F32);
                case "qwen3" -> StandInLlama.write(path, StandInLlama.Shape.QWEN3, seed, StandInLlama.Layout.SINGLE_F32);
                case "gemma" -> StandInLlama.write(path, StandInLlama.Shape.GEMMA, seed, StandInLlama.Layout.SINGLE_F32);
                case "gemma2" -> StandInLlama.write(path, StandInLlama.Shape.GEMMA2, seed, StandInLlama.Layout.SINGLE_F32);
                case "flan-t5" -> StandInT5.write(path, StandInT5.Shape.FLAN, seed);
                case "t5" -> StandInT5.write(path, StandInT5.Shape.ORIGINAL, seed);
                default -> throw new UsageException("--family must be qwen2, llama, qwen3, gemma, gemma2, flan-t5 or t5, got '" + family + "'");
            }
        } catch (IOException e) {
            throw new InputException("cannot write " + path + ": " + e.getMessage(), e);
        }
        out.println("wrote a STAND-IN " + family + " checkpoint (random weights) to " + path);
        return Main.OK;
    }
}
