package org.llmrerank.scheduler.placement;

import java.util.List;

/**
 * One query's window as it travels to an inference node.
 *
 * @param passages      in first-stage order; null where a hit has no text
 * @param timeoutMillis the time left until the search's deadline, less the way back
 */
public record InferenceWork(String model, String query, List<String> passages, long timeoutMillis) {}
