package org.llmrerank.elasticsearch;

import org.elasticsearch.common.settings.Settings;

/** The plugin with a {@link RecordingReranker} (and its stand-in models) in front of the real reranker. */
public class TestRerankPlugin extends LlmRerankEsPlugin {

    public TestRerankPlugin(Settings settings) {
        super(settings);
    }

    @Override
    protected WindowReranker createReranker(PluginServices services, Settings settings) {
        return new RecordingReranker(super.createReranker(services, settings), services.threadPool());
    }
}
