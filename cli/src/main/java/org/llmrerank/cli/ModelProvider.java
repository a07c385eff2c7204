package org.llmrerank.cli;

import org.llmrerank.rescorer.RerankModel;

/**
 * Opens a reranking model by its registered name. The seam between {@code eval} and wherever
 * models come from (the rescorer's model registry in production, fakes in tests).
 */
@FunctionalInterface
interface ModelProvider {

    /**
     * @throws org.llmrerank.estimator.InputException when no model of that name exists (the message
     *     should list the known names)
     */
    RerankModel open(String name);
}
