package org.llmrerank.integ;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Elasticsearch 9.5.3 node for an IT class, started by bin/elasticsearch-node on 127.0.0.1 with the plugin zip
 * (elasticsearch/target/releases) in its own folder under integ-tests/target, and stopped by the class when done (and,
 * should the JVM exit first, by a shutdown hook).
 */
final class EsNode {

    /** HTTP port; transport is this + 1 (both inside the range the pom gives). */
    static final int PORT = Integer.getInteger("tests.llm_rerank.es_port", 19624);
    static final Path WORK = RealNode.REPO.resolve("integ-tests/target/es-node");
    private static boolean started;

    private EsNode() {}

    static synchronized void start() throws IOException, InterruptedException {
        if (started) {
            return;
        }
        script("start");
        started = true;
        Runtime.getRuntime().addShutdownHook(new Thread(EsNode::stopQuietly, "llm-rerank-es-node-stop"));
    }

    static synchronized void stop() throws IOException, InterruptedException {
        if (started) {
            started = false;
            script("stop");
        }
    }

    private static void stopQuietly() {
        try {
            stop();
        } catch (Exception e) {
            System.err.println("bin/elasticsearch-node stop failed: " + e);
        }
    }

    private static void script(String command) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(RealNode.REPO.resolve("bin/elasticsearch-node").toString(), command, Integer.toString(PORT))
            .inheritIO();
        Map<String, String> env = b.environment();
        env.put("LLM_RERANK_ES_NODE_DIR", WORK.toString());
        env.put("LLM_RERANK_ES_TRANSPORT_PORT", Integer.toString(PORT + 1));
        env.putIfAbsent("LLM_RERANK_NODE_HEAP", "1g");
        Process p = b.start();
        // generous: unpacking the node and the 320 MB plugin zip and starting it takes minutes on a loaded machine
        if (p.waitFor(10, TimeUnit.MINUTES) == false || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/elasticsearch-node " + command + " " + PORT + " failed");
        }
    }
}
