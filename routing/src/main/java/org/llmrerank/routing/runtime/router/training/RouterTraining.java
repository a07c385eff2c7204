package org.llmrerank.routing.runtime.router.training;

import java.util.List;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.RouterTrainer;

/** Fresh routers trained on supervision's examples: Dr.LLM's router shape (hidden width 128) and training recipe. */
public final class RouterTraining {

    /** Hidden width of each layer's router MLP. */
    public static final int ROUTER_HIDDEN = 128;

    /** Trained routers and the mean focal loss of their last epoch. */
    public record Trained(LayerRouters routers, double loss) {}

    private RouterTraining() {}

    /**
     * @param layers layers of the routed model
     * @param width  width of its hidden states (the routers' input)
     * @param epochs epochs over {@code examples}; the rest of the recipe is the paper's
     */
    public static Trained fit(List<RouterTrainer.Example> examples, int layers, int width, LayerRouters.Scope scope, int epochs,
                              int seed) {
        LayerRouters routers = LayerRouters.xavier(layers, width, ROUTER_HIDDEN, seed).withScope(scope);
        RouterTrainer.Options o = RouterTrainer.Options.paper();
        o = new RouterTrainer.Options(epochs, o.batchSize(), o.lr(), o.weightDecay(), o.warmupSteps(), o.gamma(), o.beta(), seed);
        double loss = RouterTrainer.train(routers, examples, o);
        return new Trained(routers, loss);
    }
}
