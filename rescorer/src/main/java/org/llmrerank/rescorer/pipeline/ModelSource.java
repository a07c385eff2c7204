package org.llmrerank.rescorer.pipeline;

import java.util.Set;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.ModelRegistry;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;

/** The models a node can run, by name. */
public interface ModelSource {

    /** What the named model can run, known without loading it; empty for an unknown name. */
    Set<Strategy> strategiesOf(String name);

    /** Loads on first use, then cached; called on the model executor only. */
    RerankModel get(String name) throws ModelException;

    /** The models of {@code registry}: each known by its strategies without loading, loaded on first use. */
    static ModelSource of(ModelRegistry registry) {
        return new ModelSource() {
            @Override
            public Set<Strategy> strategiesOf(String name) {
                return registry.strategiesOf(name);
            }

            @Override
            public RerankModel get(String name) throws ModelException {
                return registry.get(name);
            }
        };
    }
}
