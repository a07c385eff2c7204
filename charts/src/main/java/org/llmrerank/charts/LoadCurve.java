package org.llmrerank.charts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The summary the scheduler's load test writes ({@code integ-tests/target/scheduler-load.json}, {@code SchedulerLoadIT}):
 * the model, the searches' deadline, and a point per offered rate and policy.
 */
public record LoadCurve(String model, long deadlineMs, int queriesPerPoint, List<LoadPoint> points) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** @throws ChartInputException naming the file and the field the summary lacks */
    public static LoadCurve read(Path file) throws IOException {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ChartInputException(name + ": not JSON: " + e.getOriginalMessage());
        }
        Fields summary = new Fields(root, name);
        JsonNode points = root.get("points");
        if (points == null || !points.isArray() || points.isEmpty()) {
            throw new ChartInputException(name + ": [points] must be a non-empty array");
        }
        List<LoadPoint> read = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Fields p = new Fields(points.get(i), name + " points[" + i + "]");
            read.add(new LoadPoint(p.text("policy"), p.number("rate"), p.number("attainment"), p.number("ndcg@10"),
                    p.number("latency_ms_p50"), p.number("latency_ms_p95")));
        }
        return new LoadCurve(summary.text("model"), (long) summary.number("deadline_ms"), (int) summary.number("queries_per_point"),
                List.copyOf(read));
    }

    /** The policies in the order they first appear. */
    public List<String> policies() {
        return points.stream().map(LoadPoint::policy).distinct().toList();
    }

    /** One policy's points, by rising rate. */
    public List<LoadPoint> of(String policy) {
        return points.stream().filter(p -> p.policy().equals(policy))
                .sorted(Comparator.comparingDouble(LoadPoint::rate)).toList();
    }
}
