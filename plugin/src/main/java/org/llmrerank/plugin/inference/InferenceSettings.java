package org.llmrerank.plugin.inference;

import java.util.List;
import org.llmrerank.scheduler.SchedulerPolicy;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Setting.Property;

/** Settings of inference placement and of the per-node scheduler. */
public final class InferenceSettings {

    private InferenceSettings() {}

    /**
     * Programs per batched call by default: 1 (no batching). On this project's 2-core CPU, grouping searches into one
     * call did not make a passage cheaper (bench --groups, SCHEDULER.md) while a shared call makes each member wait for
     * the others' steps; raise it on accelerator nodes, where wider batches fill the device.
     */
    public static final int DEFAULT_MAX_BATCH_PROGRAMS = 1;

    /** Node role that marks inference nodes (besides the attribute below). */
    public static final String ML_ROLE = "ml";

    /**
     * Name of a node attribute that marks inference nodes: a node started with {@code node.attr.<name>: true} hosts the
     * model. "" = only nodes with the {@code ml} role. No inference node in the cluster: every node runs its own searches.
     */
    public static final Setting<String> NODE_ATTRIBUTE =
        Setting.simpleString("plugins.llm_rerank.inference.node_attribute", "", Property.NodeScope, Property.Dynamic);

    /**
     * {@code off}: with no inference node, the model runs on the coordinating node's FIFO executor, no scheduler (inference
     * nodes, when present, use {@code fifo}); {@code fifo}: the scheduler in arrival order, whole window, no early stop;
     * {@code certaindex}: SJF + fairness + gang + certaindex stop + deadline degradation (Dynasor's certaindex carried over to reranking: our extension, not in the paper).
     */
    public static final Setting<String> POLICY = Setting.simpleString("plugins.llm_rerank.scheduler.policy", "off", v -> {
        if ("off".equals(v) == false) {
            SchedulerPolicy.fromKey(v);
        }
    }, Property.NodeScope, Property.Dynamic);

    /** Model a program falls back to when the requested one cannot make the deadline ("" = none). */
    public static final Setting<String> CHEAP_MODEL =
        Setting.simpleString("plugins.llm_rerank.scheduler.cheap_model", "all-minilm-l6-v2", Property.NodeScope);

    /** Node FLOP/s capacity; 0 = measured at start-up by a short calibration of {@link #CALIBRATION_MODEL}. */
    public static final Setting<Double> FLOPS_PER_SECOND =
        Setting.doubleSetting("plugins.llm_rerank.inference.flops_per_second", 0.0, 0.0, Property.NodeScope);

    /** Model timed by the start-up calibration ("" = no calibration: the capacity is learnt from the first calls). */
    public static final Setting<String> CALIBRATION_MODEL =
        Setting.simpleString("plugins.llm_rerank.inference.calibration_model", "bge-small", Property.NodeScope);

    /**
     * Continuous batching across searches under the {@code certaindex} policy: a worker's model call holds the next step
     * of up to this many programs of one model. It applies only to models that really batch across searches
     * ({@code RerankModel.batchesAcrossGroups}: the fp32 routed runtime); the bundled int8 ONNX models quantise
     * activations per batch, run batch 1 and keep one program per call whatever this says, as does {@code fifo}.
     * 1 = no batching.
     */
    public static final Setting<Integer> MAX_BATCH_PROGRAMS =
        Setting.intSetting("plugins.llm_rerank.scheduler.max_batch_programs", DEFAULT_MAX_BATCH_PROGRAMS, 1, 64, Property.NodeScope,
            Property.Dynamic);

    /** Passages one batched call may hold (programs join only within it; one program's first step is never split). */
    public static final Setting<Integer> MAX_BATCH_PASSAGES =
        Setting.intSetting("plugins.llm_rerank.scheduler.max_batch_passages", org.llmrerank.scheduler.SchedulerConfig.DEFAULT_MAX_BATCH_PASSAGES,
            1, 10_000, Property.NodeScope, Property.Dynamic);

    public static List<Setting<?>> all() {
        return List.of(NODE_ATTRIBUTE, POLICY, CHEAP_MODEL, FLOPS_PER_SECOND, CALIBRATION_MODEL, MAX_BATCH_PROGRAMS, MAX_BATCH_PASSAGES);
    }
}
