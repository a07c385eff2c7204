package org.llmrerank.elasticsearch.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.test.ESIntegTestCase;
import org.elasticsearch.transport.netty4.Netty4Plugin;
import org.junit.AfterClass;
import org.llmrerank.elasticsearch.HttpSearches;
import org.llmrerank.elasticsearch.TestPorts;
import org.llmrerank.elasticsearch.TestRerankPlugin;

/**
 * Two data nodes with the plugin, real Netty HTTP, and {@code plugins.llm_rerank.models_path} set to a directory of
 * test models ({@link ModelsFixture}); ports pinned by {@link TestPorts} when the machine allots a range.
 */
@ESIntegTestCase.ClusterScope(scope = ESIntegTestCase.Scope.SUITE, numDataNodes = 2, numClientNodes = 0, supportsDedicatedMasters = false)
public abstract class ModelsDirClusterTestCase extends ESIntegTestCase {

    private static Path modelsDir;

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(TestRerankPlugin.class, Netty4Plugin.class);
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false; // real Netty HTTP: requests are parsed on the node that receives them, as on a real cluster
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal, Settings otherSettings) {
        return TestPorts.pin(HttpSearches.withModelsDir(super.nodeSettings(nodeOrdinal, otherSettings), modelsDir()));
    }

    /** Each suite writes its own: the test framework deletes a suite's temporary directories when it ends. */
    @AfterClass
    public static synchronized void forgetModelsDir() {
        modelsDir = null;
    }

    /** The suite's models directory, written once. */
    protected static synchronized Path modelsDir() {
        if (modelsDir == null) {
            Path dir = createTempDir();
            try {
                ModelsFixture.write(dir, createTempDir());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            modelsDir = dir;
        }
        return modelsDir;
    }
}
