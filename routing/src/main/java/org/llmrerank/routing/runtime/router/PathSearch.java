package org.llmrerank.routing.runtime.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.llmrerank.routing.runtime.LayerPath;

/**
 * Dr.LLM's offline supervision (Dr.LLM, MCTS supervision): Monte Carlo tree search over edited layer paths.
 *
 * <p>A path is a count per layer (0 skip, 1 execute, 2 repeat), block order kept. From a node the
 * actions are: skip one executed layer, skip two consecutive executed layers, or repeat one executed
 * layer once (so |path| <= 2L). Selection uses the length-penalised UCB
 * {@code Q/v + c sqrt(ln V / v) - lambda |path| / L} (c = 1.8, lambda = 3.0), unvisited children
 * score +inf, and with probability p_rand = 0.1 a random child is taken instead. Expansion adds one
 * untried action of a visited node; each path is evaluated once (memoised) and its reward, in [0, 1]
 * with no length term, is back-propagated. No early stop: the reranking reward of the full path is
 * 1 by construction (it agrees with itself), so the paper's "stop once correct" would stop at once;
 * the search spends its whole budget looking for shorter agreeing paths.
 *
 * <p>Result: "the shortest correct path" (Dr.LLM, MCTS supervision) read for rewards in [0, 1]: among evaluated paths
 * with the best reward found (never below the full path's, so accuracy is preserved or improved), the
 * shortest, ties broken by fewer unique layers. If every evaluated path scores 0, the full path.
 */
public final class PathSearch {

    public static final double C = 1.8;
    public static final double LAMBDA = 3.0;
    public static final double P_RAND = 0.1;

    /** What one search found. */
    public record Result(int[] counts, LayerPath path, double reward, double fullReward, int evaluations) {}

    private final int layers;
    private final int simulations;
    private final Random random;

    public PathSearch(int layers, int simulations, long seed) {
        this.layers = layers;
        this.simulations = simulations;
        this.random = new Random(seed);
    }

    private final class Node {
        final int[] counts;
        final int length;
        int visits;
        double q;
        final List<Node> children = new ArrayList<>();
        List<int[]> untried;

        Node(int[] counts) {
            this.counts = counts;
            this.length = Arrays.stream(counts).sum();
        }

        List<int[]> untried() {
            if (untried == null) {
                untried = actions(counts);
            }
            return untried;
        }

        double ucb(int parentVisits) {
            if (visits == 0) {
                return Double.POSITIVE_INFINITY;
            }
            return q / visits + C * Math.sqrt(Math.log(parentVisits) / visits) - LAMBDA * length / layers;
        }
    }

    /** The children of a path (Dr.LLM, MCTS supervision's edit set). */
    static List<int[]> actions(int[] counts) {
        List<int[]> out = new ArrayList<>();
        for (int l = 0; l < counts.length; l++) {
            if (counts[l] == 1) {
                int[] skip = counts.clone();
                skip[l] = 0;
                out.add(skip);
                if (l + 1 < counts.length && counts[l + 1] == 1) {
                    int[] skip2 = counts.clone();
                    skip2[l] = 0;
                    skip2[l + 1] = 0;
                    out.add(skip2);
                }
                int[] repeat = counts.clone();
                repeat[l] = 2;
                out.add(repeat);
            }
        }
        return out;
    }

    public static LayerPath toPath(int[] counts) {
        List<Integer> layers = new ArrayList<>();
        for (int l = 0; l < counts.length; l++) {
            for (int k = 0; k < counts[l]; k++) {
                layers.add(l);
            }
        }
        return new LayerPath(layers);
    }

    public Result search(ToDoubleFunction<LayerPath> reward) {
        Map<String, Double> memo = new HashMap<>();
        ToDoubleFunction<int[]> eval = c -> memo.computeIfAbsent(Arrays.toString(c), k -> {
            double r = reward.applyAsDouble(toPath(c));
            if (r < 0 || r > 1 || Double.isNaN(r)) {
                throw new IllegalStateException("reward outside [0, 1]: " + r);
            }
            return r;
        });
        int[] full = new int[layers];
        Arrays.fill(full, 1);
        Node root = new Node(full);
        Map<String, int[]> seen = new HashMap<>();
        for (int s = 0; s < simulations; s++) {
            List<Node> trail = new ArrayList<>();
            Node node = root;
            trail.add(node);
            double r;
            while (true) {
                if (node.visits == 0) {
                    r = eval.applyAsDouble(node.counts);
                    break;
                }
                List<int[]> untried = node.untried();
                if (!untried.isEmpty()) {
                    Node child = new Node(untried.remove(random.nextInt(untried.size())));
                    node.children.add(child);
                    trail.add(child);
                    r = eval.applyAsDouble(child.counts);
                    break;
                }
                if (node.children.isEmpty()) {
                    r = eval.applyAsDouble(node.counts);
                    break;
                }
                Node next;
                if (random.nextDouble() < P_RAND) {
                    next = node.children.get(random.nextInt(node.children.size()));
                } else {
                    next = node.children.get(0);
                    double best = Double.NEGATIVE_INFINITY;
                    for (Node c : node.children) {
                        double u = c.ucb(node.visits);
                        if (u > best) {
                            best = u;
                            next = c;
                        }
                    }
                }
                node = next;
                trail.add(node);
            }
            for (Node n : trail) {
                n.visits++;
                n.q += r;
                seen.putIfAbsent(Arrays.toString(n.counts), n.counts);
            }
        }
        double fullReward = eval.applyAsDouble(full);
        double top = fullReward;
        for (int[] c : seen.values()) {
            Double r = memo.get(Arrays.toString(c));
            if (r != null) {
                top = Math.max(top, r);
            }
        }
        int[] best = full;
        double bestReward = fullReward;
        if (top == 0) {
            return new Result(full, toPath(full), fullReward, fullReward, memo.size()); // nothing correct: keep full depth
        }
        for (int[] c : seen.values()) {
            Double r = memo.get(Arrays.toString(c));
            if (r == null || r < top) {
                continue;
            }
            if (bestReward < top || better(c, r, best, bestReward)) {
                best = c;
                bestReward = r;
            }
        }
        return new Result(best, toPath(best), bestReward, fullReward, memo.size());
    }

    private static boolean better(int[] a, double ra, int[] b, double rb) {
        int la = Arrays.stream(a).sum();
        int lb = Arrays.stream(b).sum();
        if (la != lb) {
            return la < lb;
        }
        long ua = Arrays.stream(a).filter(x -> x > 0).count();
        long ub = Arrays.stream(b).filter(x -> x > 0).count();
        if (ua != ub) {
            return ua < ub;
        }
        return ra > rb;
    }
}
