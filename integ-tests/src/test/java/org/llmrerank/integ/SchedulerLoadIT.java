package org.llmrerank.integ;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler under load against a real node on loopback (see {@link SchedulerLoad}): a measurement, run on its own
 * ({@code -Dit.test=SchedulerLoadIT}; the default {@code mvn verify} leaves it out, its figures follow the machine's speed).
 * Bounded
 * (3 offered loads x 2 policies x 12 queries, about 3-4 minutes on 2 shared cores); rates and deadline are placed
 * relative to the measured cost of one full-window query (default deadline 4x that, offered loads 0.5, 1.0, 1.5); the
 * longer curve: {@code -Dload.rho=0.4,0.6,0.8,1.0,1.2,1.6 -Dload.queries=43} (or absolute {@code -Dload.rates=...},
 * {@code -Dload.deadline_ms=...}). Writes {@code integ-tests/target/scheduler-load.json}.
 */
class SchedulerLoadIT {

    // 19240 (RealNodeIT) and 19250 are used by other worktrees on this machine; override with -Dload.port
    private static final int PORT = Integer.getInteger("load.port", 19286);
    private static final Path REPO = Path.of(System.getProperty("repo.dir", ".."));
    private static final Path DATA = Path.of(System.getProperty("trecdl.dir", "../../shared/data/trec-dl"));
    private static final Path NODE_DIR = REPO.resolve("integ-tests/target/node-load");
    private static RestJson node;
    private static Dl19 dl19;

    @BeforeAll
    static void startNode() throws Exception {
        dl19 = Dl19.load(DATA);
        nodeScript("start");
        node = new RestJson("http://127.0.0.1:" + PORT);
    }

    @AfterAll
    static void stopNode() throws Exception {
        nodeScript("stop");
    }

    private static void nodeScript(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(REPO.resolve("bin/opensearch-node").toString(), command, Integer.toString(PORT)).inheritIO();
        pb.environment().put("LLM_RERANK_NODE_DIR", NODE_DIR.toString());
        Process p = pb.start();
        if (p.waitFor(4, TimeUnit.MINUTES) == false || p.exitValue() != 0) {
            throw new IllegalStateException("bin/opensearch-node " + command + " failed");
        }
    }

    @Test
    void fifoAgainstTheSchedulerAtSeveralArrivalRates() throws Exception {
        Dl19Index.create(node, "dl19_load", 1, dl19);
        // switching a policy on starts the node's capacity calibration; then load both models and let the scheduler
        // observe them before timing anything (first use loads the ONNX graph)
        node.ok("PUT", "/_cluster/settings", Map.of("transient", Map.of("plugins.llm_rerank.scheduler.policy", "certaindex")));
        Thread.sleep(3000);
        for (String model : List.of("bge-small", "all-minilm-l6-v2", "bge-small", "all-minilm-l6-v2")) {
            node.ok("POST", "/dl19_load/_search", Dl19Runner.search(dl19.queries().get(1), model));
        }
        // the machine is shared: measure what one query costs now (FIFO, idle node), then place the rates and the deadline
        // relative to it, so that the curve spans under- and overload whatever the other tenants are doing
        node.ok("PUT", "/_cluster/settings", Map.of("transient", Map.of("plugins.llm_rerank.scheduler.policy", "fifo")));
        List<Long> took = new java.util.ArrayList<>();
        for (int i = 2; i < 7; i++) {
            long t0 = System.nanoTime();
            node.ok("POST", "/dl19_load/_search", Dl19Runner.search(dl19.queries().get(i), "bge-small"));
            took.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }
        long serviceMs = took.stream().sorted().toList().get(took.size() / 2);
        List<Double> loads = Arrays.stream(System.getProperty("load.rho", "0.5,1.0,1.5").split(",")).map(Double::parseDouble).toList();
        List<Double> rates = System.getProperty("load.rates") != null
            ? Arrays.stream(System.getProperty("load.rates").split(",")).map(Double::parseDouble).toList()
            : loads.stream().map(rho -> Math.round(rho * 1000.0 / serviceMs * 1000) / 1000.0).toList();
        int queries = Integer.getInteger("load.queries", 12);
        long deadline = Long.getLong("load.deadline_ms", 4 * serviceMs);
        System.out.println("full-window bge-small query, FIFO, idle node: median " + serviceMs + " ms of " + took + "; deadline "
            + deadline + " ms; rates " + rates + " q/s (offered load " + loads + " of one full-window query at a time)");
        SchedulerLoad.Options o = new SchedulerLoad.Options(rates, queries, deadline, List.of("fifo", "certaindex"), "bge-small", 42);
        Map<String, Object> summary = new SchedulerLoad(node, "http://127.0.0.1:" + PORT, "dl19_load", dl19).run(o);
        Path out = REPO.resolve("integ-tests/target/scheduler-load.json");
        summary.put("service_ms_full_window_fifo", serviceMs);
        Files.writeString(out, RestJson.toJson(summary));
        System.out.println(SchedulerLoad.format(summary));
        System.out.println("summary: " + out);
        Map<String, Object> stats = node.ok("GET", "/_plugins/_llm_rerank/stats", null).at("cluster");
        System.out.println("scheduler stats of the last point: " + stats.get("scheduler"));
        for (Object p : (List<?>) summary.get("points")) {
            Map<?, ?> point = (Map<?, ?>) p;
            assertEquals(queries, ((Number) point.get("queries")).intValue());
            assertEquals(0L, ((Number) point.get("http_other_errors")).longValue(), "no search may fail: " + point);
            assertEquals(point.get("http_429"), point.get("http_429_with_retry_after"), "every 429 carries Retry-After: " + point);
        }
        // the lowest rate is well under capacity: the scheduler's quality must stay within reach of FIFO's full window on the
        // same queries (0.002 apart over all 43 offline; a dozen queries move more, and under 0.6 is normal for some dozens)
        Map<?, ?> fifoCalm = (Map<?, ?>) ((List<?>) summary.get("points")).get(0);
        Map<?, ?> calm = (Map<?, ?>) ((List<?>) summary.get("points")).get(1);
        assertEquals("fifo", fifoCalm.get("policy"));
        assertTrue(((Number) calm.get("ndcg@10")).doubleValue() >= ((Number) fifoCalm.get("ndcg@10")).doubleValue() - 0.02,
            "certaindex NDCG@10 at the lowest rate: " + calm + " vs FIFO " + fifoCalm);
    }
}
