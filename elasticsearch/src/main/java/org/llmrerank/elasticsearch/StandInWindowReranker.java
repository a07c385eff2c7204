package org.llmrerank.elasticsearch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.threadpool.Scheduler;
import org.elasticsearch.threadpool.ThreadPool;
import org.llmrerank.rescorer.FlopsBudget;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RerankOutcome;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.StrategyWindowReranker;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.runtime.DjlEngineSetup;

/**
 * STAND-IN until the engine-neutral serving core ({@code org.llmrerank.rescorer.pipeline}) is available: runs the
 * bundled models ({@code bge-small}, {@code all-minilm-l6-v2}, {@code bge-small-routed}) straight through
 * {@link StrategyWindowReranker} on the plugin's thread pool, under the clause's deadline. It has none of the
 * serving core's scheduler, stats or per-search details; replace it there, behind {@link WindowReranker}.
 */
public final class StandInWindowReranker implements WindowReranker, AutoCloseable {

    private static final Logger logger = LogManager.getLogger(StandInWindowReranker.class);

    private final ModelRegistry registry;
    private final StrategyWindowReranker reranker = StrategyWindowReranker.withDefaults();
    private final ThreadPool threadPool;
    private final String executorName;

    /**
     * @param threads intra-op threads of ONNX Runtime and DJL PyTorch per model call
     * @param tmpDir  the node's temporary directory: DJL extracts its natives below it (the node lets every plugin write there)
     */
    public StandInWindowReranker(ThreadPool threadPool, String executorName, int threads, Path tmpDir) {
        DjlEngineSetup.configure(tmpDir.resolve("llm_rerank").resolve("djl"), threads);
        this.registry = new ModelRegistry(threads, ModelRegistry.DEFAULT_MAX_LENGTH);
        this.threadPool = threadPool;
        this.executorName = executorName;
    }

    @Override
    public Set<String> models() {
        return registry.names();
    }

    @Override
    public Set<Strategy> strategiesOf(String model) {
        return registry.strategiesOf(model);
    }

    @Override
    public void rerank(String queryText, List<Hit> hits, Options options, Listener listener) {
        Call call = new Call(queryText, hits, options, listener);
        call.deadline = threadPool.schedule(() -> call.answer(Result.firstStageOrder(hits.size(), "timeout",
            "no answer from the model within [" + TimeValue.timeValueMillis(options.timeoutMillis()) + "]")),
            TimeValue.timeValueMillis(options.timeoutMillis()), threadPool.generic());
        Executor executor = threadPool.executor(executorName);
        try {
            executor.execute(call::run);
        } catch (RejectedExecutionException e) {
            call.answer(Result.firstStageOrder(hits.size(), "rejected", "the inference queue of this node is full"));
        }
    }

    /** One window: answered once, by the model, the deadline or a rejection, whichever comes first. */
    private final class Call {
        private final String queryText;
        private final List<Hit> hits;
        private final Options options;
        private final Listener listener;
        private final AtomicBoolean answered = new AtomicBoolean();
        private final Cancellation cancellation = new Cancellation();
        private volatile Scheduler.ScheduledCancellable deadline;

        Call(String queryText, List<Hit> hits, Options options, Listener listener) {
            this.queryText = queryText;
            this.hits = hits;
            this.options = options;
            this.listener = listener;
        }

        void run() {
            if (answered.get()) {
                return; // the deadline passed while this waited in the queue: spend no compute
            }
            List<String> texts = new ArrayList<>(hits.size());
            for (Hit h : hits) {
                texts.add(h.text());
            }
            if (texts.stream().allMatch(t -> t == null || t.isBlank())) {
                answer(Result.firstStageOrder(hits.size(), "no_text", "no hit of the window has text in the field"));
                return;
            }
            Result result;
            try {
                RerankModel model = registry.get(options.model());
                RerankOutcome outcome = reranker.rerank(model, concrete(options.strategy()), queryText, texts, options.topK(),
                    options.flopsBudget(), cancellation);
                result = outcome.scoredDocs() == 0 && outcome.budget().passagesWithText() > 0
                    ? Result.firstStageOrder(hits.size(), "budget",
                        "judging even one passage would exceed flops_budget [" + FlopsBudget.format(options.flopsBudget()) + "]")
                    : new Result(outcome.order(), outcome.modelScores(), Status.RERANKED, outcome.strategy(), null, null);
            } catch (Exception e) {
                if (answered.get() == false) {
                    logger.warn(() -> "llm_rerank: model [" + options.model() + "] failed; keeping first-stage order", e);
                }
                result = Result.firstStageOrder(hits.size(), "model_error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            answer(result);
        }

        /** {@code pointwise} means the model's own pointwise method. */
        private Strategy concrete(Strategy requested) {
            if (requested != Strategy.POINTWISE) {
                return requested;
            }
            return strategiesOf(options.model()).stream().filter(Strategy::isPointwise).filter(s -> s != Strategy.POINTWISE)
                .findFirst().orElse(requested);
        }

        void answer(Result result) {
            if (answered.compareAndSet(false, true) == false) {
                return;
            }
            Scheduler.ScheduledCancellable d = deadline;
            if (d != null) {
                d.cancel();
            }
            if (result.status() == Status.FALLBACK) {
                cancellation.cancel(); // stops a model still running after the deadline answered
            }
            listener.onResult(result);
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
