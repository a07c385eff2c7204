package org.llmrerank.integ;

import com.carrotsearch.randomizedtesting.annotations.Name;
import com.carrotsearch.randomizedtesting.annotations.ParametersFactory;
import org.junit.BeforeClass;
import org.opensearch.test.rest.yaml.ClientYamlTestCandidate;
import org.opensearch.test.rest.yaml.OpenSearchClientYamlSuiteTestCase;

/**
 * The YAML REST tests (src/test/resources/rest-api-spec/test/llm_rerank/*.yml) with OpenSearch's own runner, against the
 * real node of {@link RealNode} (tests.rest.cluster, set by the pom). API specs: ours from rest-api/src/main/resources,
 * core ones unpacked from org.opensearch:rest-api-spec (see the pom). Between tests the runner deletes every index and
 * resets the cluster settings (registered models are persistent cluster settings, so they go too).
 */
public class LlmRerankClientYamlTestSuiteIT extends OpenSearchClientYamlSuiteTestCase {

    public LlmRerankClientYamlTestSuiteIT(@Name("yaml") ClientYamlTestCandidate testCandidate) {
        super(testCandidate);
    }

    @ParametersFactory
    public static Iterable<Object[]> parameters() throws Exception {
        return OpenSearchClientYamlSuiteTestCase.createParameters();
    }

    /** Runs before the runner's client initialisation (an instance @Before of the superclass). */
    @BeforeClass
    public static void startNode() throws Exception {
        RealNode.ensureStarted();
    }
}
