package org.llmrerank.rescorer.strategy;

import org.llmrerank.estimator.RerankMethod;

/** A model and the method it runs in one stage of {@link CertaintyCascadeExtrapolation}. */
public record CascadeStage(AvailableModel model, RerankMethod method) {
    public CascadeStage {
        if (!model.methods().contains(method)) {
            throw new IllegalArgumentException("model [" + model.name() + "] cannot run " + method);
        }
    }
}
