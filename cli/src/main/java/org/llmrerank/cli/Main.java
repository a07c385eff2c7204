package org.llmrerank.cli;

import java.io.PrintStream;
import java.util.Arrays;
import org.llmrerank.cli.Args.UsageException;
import org.llmrerank.estimator.InputException;

/**
 * {@code bin/llm-rerank}: {@code estimate} (FLOPs of a method on a model, or the paper-table
 * check) and {@code eval} (ranking quality and efficiency of a run, optionally reranked).
 *
 * <p>Exit codes: 0 success; 1 the command ran but its check failed (a paper cell out of
 * tolerance); 2 bad usage or bad input (message on stderr, no stack trace).
 */
public final class Main {

    static final int OK = 0;
    static final int CHECK_FAILED = 1;
    static final int BAD_INPUT = 2;

    private static final String USAGE = """
            usage: llm-rerank <command> [options]
              estimate --paper-table dl19
              estimate (--preset NAME | --config config.json) --method M [--docs 100] [--top-k 10]
                       [--num-child 2] [--window 4] [--step 2] [--repeats 5] [--tournaments 10]
                       [--query-tokens 8] [--passage-tokens 85] [--template-tokens T]
                       [--ctx-tokens T] [--out-tokens O] [--ffn-matrices 2|3] [--json]
              eval [--run FILE] [--qrels FILE] [--data-dir DIR] [--model bm25|NAME|CHECKPOINT_DIR] [--strategy S]
                   [--docs 100] [--top-k 10] [--budget 5tf] [--max-queries N] [--skip-queries K]
                   [--routers routers.bin [--router-knob -0.5]]
                   [--pointwise-prompt yes_no|monot5|qwen3_reranker|bge_gemma [--instruction TEXT]] [--json]
                   [--results FILE (appends the JSON line)]
              train-routers --model bge-small --out routers.bin [--run FILE] [--qrels FILE]
                   [--scope request|sequence] [--tolerance 0.01] [--reward-depth 30] [--train-queries 21]
                   [--per-query 14] [--top 8] [--simulations 16] [--epochs 25]
              write-stand-in --out DIR [--family qwen2|llama|qwen3|gemma|gemma2|flan-t5|t5] [--seed 28]
              bench [--data-dir DIR] [--texts 200] [--batch 32] [--reps 3] [--threads N] [--json]
              bench --layered [--routers FILE] [--knob P] [--texts 200] [--queries N] [--reps 3] [--threads N] [--data-dir DIR] [--json]
              bench --groups 1,2,4,8 [--queries 8] [--passages 30] [--data-dir DIR] [--reps 3] [--threads N] [--json]
              ablate-layers [--data-dir DIR] [--skip "9;9,10"] [--docs 100] [--max-queries N] [--json]
              charts [--results FILE] [--tradeoff FILE --timing FILE] [--load scheduler-load.json] [--out docs] [--title TEXT]
            """;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Arrays.asList("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? BAD_INPUT : OK;
        }
        try {
            return switch (args[0]) {
                case "estimate" -> new EstimateCommand(out).run(args);
                case "eval" -> new EvalCommand(out, err, EvalCommand.defaultModels()).run(args);
                case "train-routers" -> new TrainRoutersCommand(out).run(args);
                case "write-stand-in" -> new StandInCommand(out).run(args);
                case "bench" -> new BenchCommand(out).run(args);
                case "ablate-layers" -> new AblateLayersCommand(out).run(args);
                case "charts" -> new ChartsCommand(out).run(args);
                default -> throw new UsageException("unknown command '" + args[0]
                        + "'; commands: estimate, eval, train-routers, write-stand-in, bench, ablate-layers, charts");
            };
        } catch (UsageException e) {
            err.println("llm-rerank: " + e.getMessage());
            err.print(USAGE);
            return BAD_INPUT;
        } catch (InputException | IllegalArgumentException e) {
            err.println("llm-rerank: " + e.getMessage());
            return BAD_INPUT;
        }
    }
}
