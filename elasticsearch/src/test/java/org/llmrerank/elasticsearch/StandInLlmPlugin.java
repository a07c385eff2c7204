package org.llmrerank.elasticsearch;

import java.nio.file.Path;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;

/**
 * The plugin with a {@link StandInLlmReranker}: the bundled models plus the STAND-IN causal LM found under the node's
 * {@code plugins.llm_rerank.models_path}, run on the plugin's inference thread pool under the clause's deadline.
 */
public class StandInLlmPlugin extends LlmRerankEsPlugin {

    public StandInLlmPlugin(Settings settings) {
        super(settings);
    }

    @Override
    protected WindowReranker createReranker(PluginServices services, Settings settings) {
        var threadPool = services.threadPool();
        return StandInLlmReranker.create(Path.of(EsRerankSettings.MODELS_PATH.get(settings)), threadPool.executor(RerankNode.EXECUTOR),
            (task, nanos) -> threadPool.schedule(task, TimeValue.timeValueNanos(nanos), threadPool.generic())::cancel);
    }
}
