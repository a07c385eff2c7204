package org.llmrerank.plugin;

import java.util.Set;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;

/** TEMPORARY compile placeholder until ModelRegistry lands (not to be committed). */
final class BundledModelProvider implements RerankModelProvider {
    BundledModelProvider(int threads) {}
    public Set<String> names() { return Set.of(); }
    public Set<Strategy> strategiesOf(String name) { return Set.of(); }
    public RerankModel get(String name) throws ModelException { throw new ModelException("not wired"); }
}
