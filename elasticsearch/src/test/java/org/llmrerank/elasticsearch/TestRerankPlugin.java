package org.llmrerank.elasticsearch;

import org.elasticsearch.common.settings.Settings;

/** The plugin with a {@link RecordingReranker} in front of the real one. */
public class TestRerankPlugin extends LlmRerankEsPlugin {

    public TestRerankPlugin(Settings settings) {
        super(settings);
    }

    @Override
    protected WindowReranker createReranker(PluginServices services, Settings settings) {
        return new RecordingReranker(super.createReranker(services, settings), services.threadPool().generic());
    }
}
