package org.llmrerank.elasticsearch.inference;

import java.util.List;
import org.elasticsearch.common.settings.Setting;
import org.elasticsearch.common.settings.Setting.Property;
import org.llmrerank.scheduler.SchedulerConfig;
import org.llmrerank.scheduler.placement.NodeInference;

/**
 * Settings of inference placement and of the per-node scheduler, under the OpenSearch plugin's keys and defaults. On
 * Elasticsearch only the node attribute marks inference nodes: the {@code ml} role belongs to X-Pack's machine learning.
 */
public final class EsInferenceSettings {

    private EsInferenceSettings() {}

    /**
     * Name of a node attribute that marks inference nodes: a node started with {@code node.attr.<name>: true} hosts the
     * model for the others' searches. "" = no inference node: every node runs its own searches.
     */
    public static final Setting<String> NODE_ATTRIBUTE =
        Setting.simpleString("plugins.llm_rerank.inference.node_attribute", "", Property.NodeScope, Property.Dynamic);

    /**
     * {@code off}: with no inference node, the model runs on the node's {@code llm_rerank} pool, no scheduler (inference
     * nodes use {@code fifo}); {@code fifo}: the scheduler in arrival order; {@code certaindex}: shortest job first with
     * fairness, certaindex early stop (Dynasor's certaindex carried over to reranking) and deadline degradation.
     */
    public static final Setting<String> POLICY = Setting.simpleString("plugins.llm_rerank.scheduler.policy", NodeInference.POLICY_OFF,
        NodeInference::validatePolicy, Property.NodeScope, Property.Dynamic);

    /** Model a program falls back to when the requested one cannot make the deadline ("" = none). */
    public static final Setting<String> CHEAP_MODEL =
        Setting.simpleString("plugins.llm_rerank.scheduler.cheap_model", "all-minilm-l6-v2", Property.NodeScope);

    /** Node FLOP/s capacity; 0 = measured at start-up by a short calibration of {@link #CALIBRATION_MODEL}. */
    public static final Setting<Double> FLOPS_PER_SECOND =
        Setting.doubleSetting("plugins.llm_rerank.inference.flops_per_second", 0.0, 0.0, Property.NodeScope);

    /** Model timed by the start-up calibration ("" = no calibration: the capacity is learnt from the first calls). */
    public static final Setting<String> CALIBRATION_MODEL =
        Setting.simpleString("plugins.llm_rerank.inference.calibration_model", "bge-small", Property.NodeScope);

    /** Programs per batched model call under {@code certaindex}, for models that batch across searches; 1 = no batching. */
    public static final Setting<Integer> MAX_BATCH_PROGRAMS =
        Setting.intSetting("plugins.llm_rerank.scheduler.max_batch_programs", 1, 1, 64, Property.NodeScope, Property.Dynamic);

    /** Passages one batched call may hold. */
    public static final Setting<Integer> MAX_BATCH_PASSAGES = Setting.intSetting("plugins.llm_rerank.scheduler.max_batch_passages",
        SchedulerConfig.DEFAULT_MAX_BATCH_PASSAGES, 1, 10_000, Property.NodeScope, Property.Dynamic);

    public static List<Setting<?>> all() {
        return List.of(NODE_ATTRIBUTE, POLICY, CHEAP_MODEL, FLOPS_PER_SECOND, CALIBRATION_MODEL, MAX_BATCH_PROGRAMS, MAX_BATCH_PASSAGES);
    }
}
