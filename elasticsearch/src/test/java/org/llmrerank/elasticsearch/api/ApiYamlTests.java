package org.llmrerank.elasticsearch.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The YAML REST tests of {@code _eval} and the models API ({@code rest-api-spec/test/llm_rerank}), run by
 * {@link YamlRestRunner} against the two-node cluster over real HTTP, with the real bundled models.
 */
public class ApiYamlTests extends ModelsDirClusterTestCase {

    public void testEval() throws IOException {
        runYaml("10_eval.yml");
    }

    public void testModels() throws IOException {
        runYaml("20_models.yml");
    }

    private static void runYaml(String file) throws IOException {
        Path yml = YamlRestRunner.resourceDir("rest-api-spec/test/llm_rerank").resolve(file);
        List<String> failures = new YamlRestRunner(getRestClient()).runFile(yml);
        assertTrue(String.join("\n", failures), failures.isEmpty());
    }
}
