package org.llmrerank.rest.stats;

/**
 * Layer use of the encoded sequences (queries and passages) of a slice: how many layers ran, were skipped and were run
 * again by a routed model (Dr.LLM), summed over sequences.
 */
public record LayerStats(long sequences, long executed, long skipped, long repeated) {

    public static final LayerStats NONE = new LayerStats(0, 0, 0, 0);

    public LayerStats plus(LayerStats o) {
        return new LayerStats(sequences + o.sequences, executed + o.executed, skipped + o.skipped, repeated + o.repeated);
    }

    /** Mean layers executed per sequence: how deep the model went on average; null before any sequence. */
    public Double executedPerSequence() {
        return perSequence(executed);
    }

    public Double skippedPerSequence() {
        return perSequence(skipped);
    }

    public Double repeatedPerSequence() {
        return perSequence(repeated);
    }

    private Double perSequence(long layers) {
        return sequences > 0 ? (double) layers / sequences : null;
    }
}
