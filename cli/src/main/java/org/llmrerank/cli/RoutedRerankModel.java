package org.llmrerank.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.llmrerank.estimator.InputException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.RouterGuidedBiEncoderRerankModel;
import org.llmrerank.routing.runtime.RoutedBundledModel;
import org.llmrerank.routing.runtime.router.LayerRouters;

/** {@code eval --model bge-small-routed --routers FILE}: opens the routed bge-small with trained Dr.LLM routers. */
final class RoutedRerankModel {

    private RoutedRerankModel() {}

    /** Opens {@code bge-small-routed} with routers; other names are refused. */
    record Provider(Path routersFile, double knob, ModelProvider next) implements ModelProvider {
        @Override
        public RerankModel open(String name) {
            RoutedBundledModel m = RoutedBundledModel.BGE_SMALL;
            if (!m.modelName().equalsIgnoreCase(name)) {
                throw new InputException("--routers needs --model " + m.modelName() + ", got '" + name + "'");
            }
            try {
                LayerRouters routers = LayerRouters.load(routersFile);
                return new RouterGuidedBiEncoderRerankModel(m.modelName() + "+routers", m.load(512, RuntimeModels.BATCH_SIZE),
                    m.mirrors().architecture(), routers, knob, -1);
            } catch (IOException | RuntimeException e) {
                throw new InputException("cannot load model '" + name + "' with routers " + routersFile + ": " + e.getMessage());
            }
        }
    }

    /** One line for eval's report: what the routers executed against full depth on the same texts. */
    static String summary(RouterGuidedBiEncoderRerankModel model, double knob, int queries) {
        RouterGuidedBiEncoderRerankModel.RouterTotals t = model.totals();
        int layers = RoutedBundledModel.BGE_SMALL.mirrors().architecture().nLayer();
        return String.format(java.util.Locale.ROOT,
            "routers: knob %.2f, %d passages, avg executed layers/passage %.3f of %d; counted PFLOPs/query %.6f vs full depth %.6f (%+.1f%%)",
            knob, t.passages(), t.passages() == 0 ? 0 : (double) t.passageLayers() / t.passages(), layers,
            t.countedFlops() / 1e15 / queries, t.fullDepthFlops() / 1e15 / queries, 100 * (t.countedFlops() / t.fullDepthFlops() - 1));
    }
}
