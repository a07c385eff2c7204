package org.llmrerank.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.llmrerank.rescorer.LayerUsage;
import org.llmrerank.rescorer.PointwiseGroup;
import org.llmrerank.rescorer.PointwiseScores;

/**
 * One rerank program's certaindex walk over its window, step by step: which passages its next step judges, what the
 * scores it got change (certainty, depth), and the result it ends with. It makes no model call itself: the
 * {@link ContinuousBatch} it runs in puts its step into a call, alone or beside other programs' steps, and tells it
 * what came back; so a program decides exactly as it would running alone, whoever shares its calls.
 */
final class ProgramRun {

    final RerankJob job;
    final ProgramPlan plan;
    final long queueNanos;
    private final SchedulerConfig config;
    private final float[] scores;
    private int depth;
    private int end;
    private int next;
    private int judged;
    private double flops;
    /** counted FLOPs over the calls so far; -1 once a call could not count */
    private double countedFlops;
    private LayerUsage layers = LayerUsage.UNREPORTED;
    private long tokens;
    private long modelNanos;
    private double predictedSpent;
    private int[] prevTop;
    private int stable;
    private List<String> stepTexts;
    private List<Integer> stepPositions;
    private double stepPassageFlops;
    private JobResult result;

    ProgramRun(RerankJob job, ProgramPlan plan, long queueNanos, SchedulerConfig config) {
        this.job = job;
        this.plan = plan;
        this.queueNanos = queueNanos;
        this.config = config;
        this.scores = new float[job.texts.size()];
        Arrays.fill(scores, Float.NaN);
        this.end = plan.firstEnd();
        prepareStep();
    }

    /** The passages with text in window positions [depth, end). */
    private void prepareStep() {
        stepTexts = new ArrayList<>();
        stepPositions = new ArrayList<>();
        stepPassageFlops = 0;
        for (int i = depth; i < end; i++) {
            if (job.texts.get(i).isBlank() == false) {
                stepTexts.add(job.texts.get(i));
                stepPositions.add(i);
                stepPassageFlops += plan.passageFlops()[i];
            }
        }
    }

    /** Whether the current step has passages to score (a step of empty texts advances without a call). */
    boolean hasCall() {
        return stepTexts.isEmpty() == false;
    }

    PointwiseGroup group() {
        return new PointwiseGroup(job.query, stepTexts);
    }

    List<String> stepTexts() {
        return stepTexts;
    }

    int stepPassages() {
        return stepTexts.size();
    }

    /** Predicted FLOPs of this program's share of the current call: its query pass and its step's passages. */
    double stepFlops() {
        return plan.queryFlops() + stepPassageFlops;
    }

    /** Predicted FLOPs still ahead of it (what it was planned to spend, less what its calls were predicted to cost). */
    double remainingFlops() {
        return Math.max(0, plan.predictedFlops() - predictedSpent);
    }

    /**
     * Records the scores of the current step; {@code callNanos} is the wall time of the call it shared.
     *
     * @throws IllegalStateException when the model answered with the wrong number of scores or a NaN
     */
    void accept(PointwiseScores ps, long callNanos) {
        if (ps.scores().length != stepTexts.size()) {
            throw new IllegalStateException("model [" + plan.model() + "] returned " + ps.scores().length + " scores for " + stepTexts.size());
        }
        for (float s : ps.scores()) {
            if (Float.isNaN(s)) {
                throw new IllegalStateException("model [" + plan.model() + "] returned NaN");
            }
        }
        for (int j = 0; j < stepTexts.size(); j++) {
            scores[stepPositions.get(j)] = ps.scores()[j];
        }
        judged += stepTexts.size();
        flops += ps.estimatedFlops();
        countedFlops = countedFlops < 0 || ps.flopsCounted() == false ? -1 : countedFlops + ps.countedFlops();
        layers = layers.plus(ps.layers());
        tokens += ps.inputTokens();
        modelNanos += callNanos;
        predictedSpent += stepFlops();
    }

    /**
     * After the current step was scored (or had no text): stops when the window is done, the top-k is certain, or the
     * plan says so; otherwise proposes the next step ({@link #nextStepFlops()}), which the batch then lets run
     * ({@link #proceed()}) or stops for the deadline ({@link #stopForDeadline()}).
     *
     * @return true when the program has finished ({@link #result()} is set)
     */
    boolean finishStep() {
        int n = job.texts.size();
        depth = end;
        if (depth >= n) {
            return finish(plan.mark() != null ? plan.mark() : JobResult.Outcome.COMPLETE);
        }
        int[] top = WindowOrder.topKSet(scores, config.topK());
        stable = prevTop != null && Arrays.equals(top, prevTop) ? stable + 1 : 0;
        prevTop = top;
        if (stable >= config.stableSteps()) {
            return finish(plan.mark() != null ? plan.mark() : JobResult.Outcome.STOPPED_CERTAIN);
        }
        if (plan.relaxed() && stable >= 1) {
            return finish(plan.mark() != null ? plan.mark() : JobResult.Outcome.DEGRADED_DEPTH); // stopped early because of the load
        }
        if (plan.mark() == JobResult.Outcome.DEGRADED_DEPTH) {
            return finish(plan.mark());
        }
        next = Math.min(n, depth + config.chunk());
        return false;
    }

    /** Predicted FLOPs of the proposed next step (query pass included), for the deadline check. */
    double nextStepFlops() {
        double f = plan.queryFlops();
        for (int i = depth; i < next; i++) {
            f += plan.passageFlops()[i];
        }
        return f;
    }

    void proceed() {
        end = next;
        prepareStep();
    }

    /** The next step (in the call it would share) cannot make the deadline: keep what was judged. */
    void stopForDeadline() {
        finish(plan.mark() != null ? plan.mark() : JobResult.Outcome.DEGRADED_DEPTH);
    }

    /**
     * The current step got no scores: the call failed, or this program was cancelled (its deadline or its caller).
     * As when a program ran alone: cancelled before anything was judged (or under FIFO) is EXPIRED; otherwise the
     * certaindex policy keeps what earlier steps judged (DEGRADED_DEPTH); else FAILED, first-stage order.
     */
    void failed(String error, boolean cancelled) {
        int n = job.texts.size();
        if (cancelled && (depth == 0 || config.policy() == SchedulerPolicy.FIFO)) {
            result = new JobResult(scores, InferenceScheduler.identity(n), null, 0, 0, JobResult.Outcome.EXPIRED, flops, tokens, modelNanos,
                queueNanos, "the deadline passed during the model call");
        } else if (depth > 0 && config.policy() == SchedulerPolicy.CERTAINDEX) {
            finish(JobResult.Outcome.DEGRADED_DEPTH);
        } else {
            result = new JobResult(scores, InferenceScheduler.identity(n), null, 0, 0, JobResult.Outcome.FAILED, flops, tokens, modelNanos,
                queueNanos, error);
        }
    }

    private boolean finish(JobResult.Outcome outcome) {
        result = new JobResult(scores, WindowOrder.of(scores), plan.model(), depth, judged, outcome, flops, tokens, modelNanos, queueNanos, null,
            judged == 0 ? -1 : countedFlops, layers);
        return true;
    }

    boolean done() {
        return result != null;
    }

    JobResult result() {
        return result;
    }

    /** Window share judged when it finished, for the SJF history (only when it was neither degraded nor failed). */
    double depthFraction() {
        return job.texts.isEmpty() ? 0 : depth / (double) job.texts.size();
    }
}
