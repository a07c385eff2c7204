package org.llmrerank.routing.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * Embeds one fixed list of inputs along many layer paths, as a path search (MCTS over router decisions) asks for
 * them, running each distinct path prefix once per engine batch. The pass state after every prefix is kept in a trie
 * of forked passes ({@link BertForward#fork}): a path whose first k blocks some earlier path also started with begins
 * at block k + 1. The last block always runs on a throw-away fork, by {@link RoutedBertEncoder}'s rule (position 0
 * only under CLS pooling), and the batches and padding are the encoder's ({@link RoutedBertEncoder#batches}), so the
 * embeddings are those of {@link RoutedBertEncoder#embed} on the same path.
 *
 * <p>Why: a path search evaluates tens of paths per query, mostly single edits of one another, and re-running the
 * shared prefixes was most of {@code train-routers}' time. Memory: at most {@code maxStates} kept states in all, each
 * a batch's hidden state (rows x padded width x hidden floats); past that, new prefixes run without being kept.
 *
 * <p>For training-time searches: not thread-safe, no cancellation, FLOPs not reported. Close it to free the states.
 */
public final class PrefixSharingEmbedder implements AutoCloseable {

    /** A kept pass state and the states one block further along. */
    private record Node(BertForward pass, Map<Integer, Node> next) {
        Node(BertForward pass) {
            this(pass, new HashMap<>());
        }
    }

    private final RoutedBertEncoder encoder;
    private final int inputs;
    private final List<List<Integer>> batches;
    private final List<Node> roots = new ArrayList<>();
    private final FlopsCounter unreported = new FlopsCounter();
    private final int maxStates;
    private int states;
    private long blocksRun;

    public PrefixSharingEmbedder(RoutedBertEncoder encoder, List<Encoding> inputs, int maxStates) {
        if (maxStates < 0) {
            throw new IllegalArgumentException("maxStates must be >= 0, got " + maxStates);
        }
        this.encoder = encoder;
        this.inputs = inputs.size();
        this.maxStates = maxStates;
        this.batches = encoder.batches(inputs);
        try {
            for (List<Integer> rows : batches) {
                List<Encoding> batch = new ArrayList<>(rows.size());
                rows.forEach(i -> batch.add(inputs.get(i)));
                roots.add(new Node(encoder.model().begin(encoder.pad(batch), unreported)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Unit-length embeddings, in input order, of every input along {@code path} (at least one block). */
    public float[][] embed(LayerPath path) {
        path.requireWithin(encoder.config().layers());
        if (path.layers().isEmpty()) {
            throw new IllegalArgumentException("the empty path has no last block to run");
        }
        float[][] out = new float[inputs][];
        for (int b = 0; b < batches.size(); b++) {
            float[][] pooled = run(roots.get(b), path.layers());
            List<Integer> rows = batches.get(b);
            for (int r = 0; r < rows.size(); r++) {
                out[rows.get(r)] = pooled[r];
            }
        }
        return out;
    }

    private float[][] run(Node root, List<Integer> layers) {
        int last = layers.size() - 1;
        Node node = root;
        int i = 0;
        while (i < last && node.next().containsKey(layers.get(i))) {
            node = node.next().get(layers.get(i));
            i++;
        }
        BertForward from = node.pass();
        BertForward unkept = null; // the first fork not kept in the trie: closing it closes the forks below it
        try {
            for (; i < last; i++) {
                BertForward step = from.fork(unreported);
                step.apply(layers.get(i));
                blocksRun++;
                if (unkept == null && states < maxStates) {
                    Node child = new Node(step);
                    node.next().put(layers.get(i), child);
                    node = child;
                    states++;
                } else if (unkept == null) {
                    unkept = step;
                }
                from = step;
            }
            try (BertForward end = from.fork(unreported)) {
                blocksRun++;
                return encoder.finish(end, layers.get(last));
            }
        } finally {
            if (unkept != null) {
                unkept.close();
            }
        }
    }

    /** Blocks executed so far over all batches' prefixes (a block over one batch counts once per batch). */
    public long blocksRun() {
        return blocksRun;
    }

    /** Pass states kept. */
    public int states() {
        return states;
    }

    /** Frees every kept state: each root's pass owns the forks below it. */
    @Override
    public void close() {
        for (Node root : roots) {
            root.pass().close();
        }
        roots.clear();
    }
}
