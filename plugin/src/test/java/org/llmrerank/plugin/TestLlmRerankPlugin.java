package org.llmrerank.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.opensearch.common.settings.Settings;

/** The plugin with the stand-in models added beside the bundled real ones. */
public class TestLlmRerankPlugin extends LlmRerankPlugin {

    static final StandInModels.HangingModel HANGING = new StandInModels.HangingModel();
    static final StandInModels.GatedModel GATED = new StandInModels.GatedModel();

    /**
     * Node settings that make the clause's default deadline far longer than any stand-in takes on a busy machine, so a
     * test that expects a reranked result gets one however slow the machine is; a test that wants the timeout fallback
     * sets a short {@code timeout} on its clause.
     */
    static Settings farDefaultDeadline() {
        return Settings.builder().put(LlmRerankSettings.DEFAULT_TIMEOUT.getKey(), "10m").build();
    }

    public TestLlmRerankPlugin(Settings settings) {
        super(settings);
    }

    @Override
    protected RerankModelProvider createModelProvider(Settings settings) {
        RerankModelProvider bundled = super.createModelProvider(settings);
        Map<String, RerankModel> standIns = new LinkedHashMap<>();
        for (RerankModel m : new RerankModel[] {new StandInModels.TermCountModel(), new StandInModels.FailingModel(), HANGING, GATED}) {
            standIns.put(m.name(), m);
        }
        return new RerankModelProvider() {
            @Override
            public Set<String> names() {
                Set<String> all = new TreeSet<>(bundled.names());
                all.addAll(standIns.keySet());
                return all;
            }

            @Override
            public Set<Strategy> strategiesOf(String name) {
                RerankModel m = standIns.get(name);
                return m != null ? m.supportedStrategies() : bundled.strategiesOf(name);
            }

            @Override
            public RerankModel get(String name) throws ModelException {
                RerankModel m = standIns.get(name);
                return m != null ? m : bundled.get(name);
            }

            @Override
            public Map<String, org.llmrerank.rescorer.ModelRegistry.LoadState> loadStates() {
                return bundled.loadStates(); // stand-ins live in the test, not in a registry
            }

            @Override
            public void close() {
                bundled.close();
            }
        };
    }
}
