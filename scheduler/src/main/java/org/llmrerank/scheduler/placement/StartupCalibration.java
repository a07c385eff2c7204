package org.llmrerank.scheduler.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.scheduler.CapacityEstimator;
import org.llmrerank.scheduler.ModelLookup;

/**
 * Times the model on a short synthetic window and sets the node's FLOP/s from the estimated FLOPs of what ran. Loads
 * the model (it is needed for the first search anyway). A failure leaves the capacity to be learnt from the first calls.
 */
public final class StartupCalibration {

    private StartupCalibration() {}

    public static void calibrate(ModelLookup models, String modelName, CapacityEstimator capacity, LongSupplier clock, PlacementLog log) {
        try {
            RerankModel m = models.get(modelName);
            List<String> passages = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                passages.add("calibration passage " + i + " about the throughput of this node when it reranks search results with a model");
            }
            m.scorePointwise("warm up", passages.subList(0, 1));
            long t0 = clock.getAsLong();
            PointwiseScores s = m.scorePointwise("how fast is this node", passages);
            long nanos = clock.getAsLong() - t0;
            if (s.estimatedFlops() > 0 && nanos > 0) {
                capacity.setNodeCapacity(s.estimatedFlops() / (nanos / 1e9));
                log.info("llm_rerank: calibrated inference capacity " + String.format(Locale.ROOT, "%.1f", capacity.nodeCapacity() / 1e9)
                    + " GFLOP/s with [" + modelName + "]");
            }
        } catch (ModelException | RuntimeException e) {
            log.warn("llm_rerank: start-up calibration with [" + modelName + "] failed; capacity will be learnt from the first calls", e);
        }
    }
}
