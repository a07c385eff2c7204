package org.llmrerank.rescorer.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.estimator.Presets;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;

/**
 * Test models whose answers follow a known relevance per passage, optionally with seeded noise.
 * The noise is a pure function of (seed, prompt, label), so a model answers equal prompts equally.
 */
final class Oracles {

    static final Architecture T5_LARGE = Presets.get("flan-t5-large");
    static final Architecture BGE_SMALL = Presets.get("bge-small-en-v1.5");
    static final TokenCounter WORDS = t -> t.isBlank() ? 0 : t.trim().split("\\s+").length;

    private Oracles() {}

    /** A query's candidates: passage texts in first-stage order and their relevance. */
    record Query(String query, List<String> passages, double[] relevance) {
        Map<String, Double> byText() {
            Map<String, Double> m = new HashMap<>();
            for (int i = 0; i < passages.size(); i++) {
                m.put(passages.get(i), relevance[i]);
            }
            return m;
        }
    }

    /** n passages with distinct relevance, a seeded shuffle of 0..n-1. */
    static Query distinct(int n, long seed) {
        double[] rel = new double[n];
        int[] perm = permutation(n, seed);
        for (int i = 0; i < n; i++) {
            rel[i] = perm[i];
        }
        return query(rel);
    }

    /** n passages with TREC-like graded relevance 0..3 (many ties), seeded. */
    static Query graded(int n, long seed) {
        Random r = new Random(seed);
        double[] rel = new double[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            rel[i] = u < 0.6 ? 0 : u < 0.8 ? 1 : u < 0.93 ? 2 : 3;
        }
        return query(rel);
    }

    static Query query(double[] rel) {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < rel.length; i++) {
            // distinct texts of realistic length so token counts and FLOPs are non-trivial
            p.add("passage " + i + " about the topic " + "word ".repeat(40 + (i * 7) % 30).trim());
        }
        return new Query("what is the topic", List.copyOf(p), rel.clone());
    }

    static int[] permutation(int n, long seed) {
        int[] a = Rankings.identity(n);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            Rankings.swap(a, i, r.nextInt(i + 1));
        }
        return a;
    }

    static double noise(long seed, String prompt, int label, double sigma) {
        if (sigma == 0) {
            return 0;
        }
        return sigma * new Random(seed * 31 + prompt.hashCode() * 17L + label).nextGaussian();
    }

    static CallCost cost(String prompt, int outputTokens, int prompts) {
        int t = WORDS.count(prompt);
        return new CallCost(FlopsEstimator.call(T5_LARGE, t, outputTokens), -1, t, outputTokens, prompts);
    }

    /** Setwise: label logits = sharpness·relevance + noise. */
    static final class Setwise implements SetwiseModel {
        final Map<String, Double> rel;
        final double sharpness;
        final double sigma;
        final long seed;
        final AtomicLong calls = new AtomicLong();
        final Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Setwise(Query q, double sharpness, double sigma, long seed) {
            this.rel = q.byText();
            this.sharpness = sharpness;
            this.sigma = sigma;
            this.seed = seed;
        }

        @Override
        public String name() {
            return "oracle-setwise";
        }

        @Override
        public SetwiseJudgement chooseMostRelevant(String query, List<String> passages) {
            calls.incrementAndGet();
            seen.addAll(passages);
            String prompt = PromptTemplates.setwise(query, passages);
            double[] z = new double[passages.size()];
            for (int j = 0; j < z.length; j++) {
                z[j] = sharpness * rel.get(passages.get(j)) + noise(seed, prompt, j, sigma);
            }
            return SetwiseJudgement.fromLogits(z, cost(prompt, 5, 1));
        }
    }

    /** A setwise model that always names the same label (for the call-count extremes). */
    static final class FixedLabel implements SetwiseModel {
        final int label;

        FixedLabel(int label) {
            this.label = label;
        }

        @Override
        public String name() {
            return "fixed-" + PromptTemplates.LABELS.get(label);
        }

        @Override
        public SetwiseJudgement chooseMostRelevant(String query, List<String> passages) {
            return SetwiseJudgement.generated(Math.min(label, passages.size() - 1), passages.size(),
                    cost(PromptTemplates.setwise(query, passages), 5, 1));
        }
    }

    /** Pairwise: logits of A and B = sharpness·relevance + noise; equal relevance without noise names neither. */
    static final class Pairwise implements PairwiseModel {
        final Map<String, Double> rel;
        final double sigma;
        final long seed;

        Pairwise(Query q, double sigma, long seed) {
            this.rel = q.byText();
            this.sigma = sigma;
            this.seed = seed;
        }

        @Override
        public String name() {
            return "oracle-pairwise";
        }

        @Override
        public PairwiseJudgement compare(String query, String a, String b) {
            String prompt = PromptTemplates.pairwise(query, a, b);
            return PairwiseJudgement.fromLogits(4 * rel.get(a) + noise(seed, prompt, 0, sigma),
                    4 * rel.get(b) + noise(seed, prompt, 1, sigma), cost(prompt, 5, 1));
        }
    }

    /** RankGPT generation: reads the passages back out of the prompt and writes "[i] > [j] > ...". */
    static final class RankGptGenerator implements TextGenerator {
        final Map<String, Double> rel;

        RankGptGenerator(Query q) {
            this.rel = q.byText();
        }

        @Override
        public String name() {
            return "oracle-rankgpt";
        }

        @Override
        public Generated generate(String prompt, int maxNewTokens) {
            List<double[]> ids = new ArrayList<>();
            for (String block : prompt.split("\n\n")) {
                if (block.matches("^\\[\\d+] .*")) {
                    int close = block.indexOf(']');
                    int id = Integer.parseInt(block.substring(1, close));
                    ids.add(new double[] {id, rel.get(block.substring(close + 2))});
                }
            }
            ids.sort((x, y) -> Double.compare(y[1], x[1]) != 0 ? Double.compare(y[1], x[1]) : Double.compare(x[0], y[0]));
            StringBuilder out = new StringBuilder();
            for (double[] id : ids) {
                out.append(out.isEmpty() ? "" : " > ").append('[').append((int) id[0]).append(']');
            }
            return new Generated(out.toString(), cost(prompt, WORDS.count(out.toString()), 1));
        }
    }

    /** A pointwise model with given scores per passage text. */
    static class Pointwise implements RerankModel {
        final Map<String, Double> scores;
        final AtomicLong calls = new AtomicLong();

        Pointwise(Map<String, Double> scores) {
            this.scores = scores;
        }

        @Override
        public String name() {
            return "oracle-pointwise";
        }

        /** Without capabilities it states what it scores by; a subclass that adds capabilities serves what they run. */
        @Override
        public Set<Strategy> supportedStrategies() {
            return capabilities().isPresent() ? RerankModel.super.supportedStrategies() : Set.of(Strategy.POINTWISE_EMBEDDING);
        }

        @Override
        public PointwiseScores scorePointwise(String query, List<String> passages) {
            calls.incrementAndGet();
            float[] s = new float[passages.size()];
            long tokens = WORDS.count(query);
            double flops = FlopsEstimator.call(BGE_SMALL, WORDS.count(query) + 2, 0);
            for (int i = 0; i < s.length; i++) {
                s[i] = scores.get(passages.get(i)).floatValue();
                int t = Math.min(128, WORDS.count(passages.get(i)));
                tokens += t;
                flops += FlopsEstimator.call(BGE_SMALL, t + 2, 0);
            }
            return new PointwiseScores(s, flops, -1, tokens);
        }
    }

    /** NDCG@k with gains 2^rel − 1 (trec_eval's ndcg_cut uses rel; exponential here only weights grades). */
    static double ndcg(int[] order, double[] rel, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, order.length); i++) {
            dcg += (Math.pow(2, rel[order[i]]) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        double[] ideal = rel.clone();
        Arrays.sort(ideal);
        double idcg = 0;
        for (int i = 0; i < Math.min(k, ideal.length); i++) {
            idcg += (Math.pow(2, ideal[ideal.length - 1 - i]) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        return idcg == 0 ? 1 : dcg / idcg;
    }

    static void assertPermutation(int[] order, int n) {
        boolean[] seen = new boolean[n];
        org.junit.jupiter.api.Assertions.assertEquals(n, order.length, "order length");
        for (int p : order) {
            org.junit.jupiter.api.Assertions.assertTrue(p >= 0 && p < n && !seen[p], () -> "not a permutation: " + Arrays.toString(order));
            seen[p] = true;
        }
    }
}
