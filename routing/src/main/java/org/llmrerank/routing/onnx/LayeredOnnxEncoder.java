package org.llmrerank.routing.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.routing.Cancellation;
import org.llmrerank.routing.ModelResource;
import org.llmrerank.routing.runtime.EncodedBatch;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.LayerGraphs;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.LayerSpan;
import org.llmrerank.routing.runtime.OnnxLayerCutter;
import org.llmrerank.routing.runtime.OnnxModelFile;
import org.llmrerank.routing.runtime.OnnxNode;
import org.llmrerank.routing.runtime.OnnxTensorData;
import org.llmrerank.routing.runtime.router.Decision;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.router.RoutedRunner;
import org.llmrerank.routing.runtime.router.Router;
import org.llmrerank.routing.runtime.router.TextRunner;
import org.llmrerank.routing.tokenizer.Encoding;
import org.llmrerank.routing.tokenizer.PaddedBatch;

/**
 * A BERT-class ONNX graph run layer by layer on ONNX Runtime: the graph is cut at its layer boundaries
 * ({@link OnnxLayerCutter}) into an embeddings session and one session per encoder layer, and the hidden state
 * passes from session to session as a native tensor. So a {@link LayerPath} may skip or repeat layers, Dr.LLM
 * routers may choose the path per text from the state between layers, and an int8 graph keeps ONNX Runtime's own
 * int8 kernels (each layer's graph quantises its own input, as the whole graph does).
 *
 * <p>FLOPs are counted per executed layer application, from the layer graph's own weights: every
 * {@code MatMul}/{@code MatMulInteger} with a 2-D weight {@code [in, out]} counts {@code 2 · rows · in · out}, and the
 * two attention products {@code 2 · 2 · queries · T · d_attn} per sequence (heads and width from the
 * {@link Architecture}); padding positions count, as the engine multiplies them.
 *
 * <p>Under CLS pooling a fixed path's last layer runs as its first-position graph
 * ({@link LayerGraphs.Layer#firstPositionGraph()}): keys and values over every position, the rest over the first,
 * since no other position of its output is read; the estimate is then {@code FlopsEstimator.routedFirstTokenRead}.
 * Router-chosen paths run every layer in full (which application is the last is known only after it ran).
 *
 * <p>Every ONNX Runtime call has a fixed cost (binding, planning, waking its threads, an output tensor), which thirteen
 * calls per text pay thirteen times. So a fixed path runs as few calls as its shape allows: the full path is one
 * session from the token ids to the last layer, and any other path runs the embeddings and then one call per run of
 * consecutive layers ({@link LayerSpan}), each span's session opened on first use ({@link SpanSessions}). A span that
 * finds no room runs layer by layer; routers, which decide between layers, run layer by layer too. The FLOPs counted
 * are the same either way: per layer, from its weights.
 *
 * <p>Inputs are length-sorted and cut into batches of {@code options.batchSize()} padded to their longest, as
 * {@link OnnxBertEncoder} batches. Graphs with dynamic int8 activation quantisation should run batches of 1: a
 * quantisation scale per tensor makes a text's embedding depend on its batch-mates. Cancellation is checked before
 * every layer.
 *
 * <p>Thread-safe: sessions may run concurrently. {@link #close()} waits for calls in flight.
 */
public final class LayeredOnnxEncoder implements AutoCloseable {

    private static final String INPUT_IDS = "input_ids";
    private static final String ATTENTION_MASK = "attention_mask";
    private static final String TOKEN_TYPE_IDS = "token_type_ids";
    private static final Set<String> WEIGHT_MATMULS = Set.of("MatMul", "MatMulInteger");
    /**
     * How many layers' worth of weights the span sessions may hold, in copies of the whole stack (every session holds
     * its own): room for the few paths that routers keep choosing, at a bounded cost.
     */
    private static final int SPAN_BUDGET_STACKS = 4;

    /** A weight matmul of a layer graph: {@code [rows, in] · [in, out]}, over every position or the first only. */
    private record Matmul(long in, long out, boolean allPositions) {}

    private final OrtEnvironment env;
    private final String source;
    private final Architecture architecture;
    private final Pooling pooling;
    private final EncoderOptions options;
    private final int padId;
    private final LayerGraphs graphs;
    private final OrtSession embeddings;
    private final OrtSession fullPath; // token ids through every layer, the last for the first position under CLS; or null
    private final SpanSessions spans;
    private final List<OrtSession> layers;
    private final List<OrtSession> firstPositionLayers; // empty unless pooling reads the first position only
    private final List<List<Matmul>> layerWeights;
    private final List<List<Matmul>> firstPositionWeights;
    private final long loadedGraphBytes; // of the sessions opened at load
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lifecycle's write lock

    private LayeredOnnxEncoder(OrtEnvironment env, String source, Architecture architecture, Pooling pooling,
                               EncoderOptions options, int padId, LayerGraphs graphs, OrtSession embeddings,
                               OrtSession fullPath, List<OrtSession> layers, List<OrtSession> firstPositionLayers,
                               long fullPathGraphBytes, int spanBudgetLayers) {
        this.env = env;
        this.source = source;
        this.architecture = architecture;
        this.pooling = pooling;
        this.options = options;
        this.padId = padId;
        this.graphs = graphs;
        this.embeddings = embeddings;
        this.fullPath = fullPath;
        this.spans = new SpanSessions(env, graphs.spans(), options, spanBudgetLayers);
        this.layers = List.copyOf(layers);
        this.firstPositionLayers = List.copyOf(firstPositionLayers);
        List<List<Matmul>> weights = new ArrayList<>();
        List<List<Matmul>> firstWeights = new ArrayList<>();
        for (LayerGraphs.Layer layer : graphs.layers()) {
            weights.add(weightMatmuls(layer.graph(), null));
            firstWeights.add(weightMatmuls(layer.firstPositionGraph(), layer.allPositionMatmuls()));
        }
        this.layerWeights = List.copyOf(weights);
        long bytes = graphs.embeddings().length + (fullPath == null ? 0 : fullPathGraphBytes);
        for (LayerGraphs.Layer layer : graphs.layers()) {
            bytes += layer.graph().length + (firstPositionLayers.isEmpty() ? 0 : layer.firstPositionGraph().length);
        }
        this.loadedGraphBytes = bytes;
        this.firstPositionWeights = List.copyOf(firstWeights);
    }

    /**
     * Cuts {@code model} into its layers and opens one session per graph, and one for the full path.
     *
     * @param architecture the model's shape: its layer count must be the graph's, its heads and attention width
     *                     count the attention FLOPs
     * @throws EncoderException when the graph cannot be cut (not the expected shape) or ONNX Runtime refuses a piece
     */
    public static LayeredOnnxEncoder load(ModelResource model, Architecture architecture, Pooling pooling,
                                          EncoderOptions options, int padId) throws IOException, EncoderException {
        return load(model, architecture, pooling, options, padId, true);
    }

    /** @param spans false: every path runs layer by layer, the full path too (the reference the spans are tested against) */
    static LayeredOnnxEncoder load(ModelResource model, Architecture architecture, Pooling pooling, EncoderOptions options,
                                   int padId, boolean spans) throws IOException, EncoderException {
        LayerGraphs graphs;
        try {
            graphs = OnnxLayerCutter.cut(model.readAllBytes());
        } catch (RuntimeException e) { // OnnxFormatException: the graph is not an encoder of named layers
            throw new EncoderException("cannot cut " + model + " into layers: " + e.getMessage(), e);
        }
        if (graphs.layers().size() != architecture.nLayer()) {
            throw new EncoderException(model + " has " + graphs.layers().size() + " layers, " + architecture.name()
                + " has " + architecture.nLayer());
        }
        if (!graphs.embeddingInputs().contains(INPUT_IDS) || !graphs.embeddingInputs().contains(ATTENTION_MASK)) {
            throw new EncoderException(model + " is not a BERT-style graph: its embeddings read " + graphs.embeddingInputs()
                + ", expected " + INPUT_IDS + " and " + ATTENTION_MASK);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OrtSession> opened = new ArrayList<>();
        try (OrtSession.SessionOptions so = OnnxBertEncoder.sessionOptions(options)) {
            OrtSession embeddings = env.createSession(graphs.embeddings(), so);
            opened.add(embeddings);
            List<OrtSession> layers = new ArrayList<>();
            List<OrtSession> firstPositionLayers = new ArrayList<>();
            for (LayerGraphs.Layer layer : graphs.layers()) {
                OrtSession s = env.createSession(layer.graph(), so);
                opened.add(s);
                layers.add(s);
                if (pooling == Pooling.CLS) {
                    OrtSession first = env.createSession(layer.firstPositionGraph(), so);
                    opened.add(first);
                    firstPositionLayers.add(first);
                }
            }
            OrtSession fullPath = null;
            long fullPathBytes = 0;
            if (spans) {
                byte[] graph = graphs.spans().graph(fullPathSpan(architecture.nLayer(), pooling));
                fullPathBytes = graph.length;
                fullPath = env.createSession(graph, so);
                opened.add(fullPath);
            }
            return new LayeredOnnxEncoder(env, model.toString(), architecture, pooling, options, padId, graphs, embeddings,
                fullPath, layers, firstPositionLayers, fullPathBytes, spans ? SPAN_BUDGET_STACKS * architecture.nLayer() : 0);
        } catch (OrtException | RuntimeException e) {
            closeAll(opened);
            throw new EncoderException("ONNX Runtime could not load the layers of " + model + ": " + e.getMessage(), e);
        }
    }

    private static LayerSpan fullPathSpan(int layerCount, Pooling pooling) {
        return new LayerSpan(0, layerCount - 1, true, pooling == Pooling.CLS);
    }

    /**
     * A layer graph's weight matmuls (a 2-D initializer as second operand).
     *
     * @param allPositions the names of those reading every position; null: all of them do
     */
    private static List<Matmul> weightMatmuls(byte[] layerGraph, Set<String> allPositions) {
        OnnxModelFile graph = OnnxModelFile.parse(layerGraph);
        List<Matmul> out = new ArrayList<>();
        for (OnnxNode n : graph.nodes()) {
            if (WEIGHT_MATMULS.contains(n.opType()) && n.inputs().size() > 1) {
                OnnxTensorData w = graph.initializers().get(n.inputs().get(1));
                if (w != null && w.dims().length == 2) {
                    out.add(new Matmul(w.dims()[0], w.dims()[1], allPositions == null || allPositions.contains(n.name())));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Bytes of the graphs behind the sessions open now (weights, mostly, each session holding its own copy): the
     * embeddings, every layer and its first-position form, the full path, and the spans opened so far (at most
     * {@value #SPAN_BUDGET_STACKS} stacks' worth).
     */
    public long graphBytes() {
        return loadedGraphBytes + spans.graphBytes();
    }

    public int layerCount() {
        return layers.size();
    }

    public Architecture architecture() {
        return architecture;
    }

    public Pooling pooling() {
        return pooling;
    }

    public int padId() {
        return padId;
    }

    public EncoderOptions options() {
        return options;
    }

    /**
     * The estimate to compare the counted FLOPs of one {@code tokens}-long text along a fixed {@code path} with: under
     * CLS pooling the path's last layer runs for the first position ({@code FlopsEstimator.routedFirstTokenRead}),
     * otherwise every layer runs in full ({@code FlopsEstimator.routed}, also what a routed text costs).
     */
    public double estimatedFlops(List<Integer> path, int tokens) {
        return pooling == Pooling.CLS
            ? FlopsEstimator.routedFirstTokenRead(architecture, path, tokens)
            : FlopsEstimator.routed(architecture, path, tokens, 0);
    }

    /**
     * One unit-length embedding per input, every input through {@code path}, with the FLOPs counted for all of them.
     *
     * @throws EncoderCancelledException when {@code cancellation} fired before the last layer ended
     */
    public EncodedBatch embed(List<Encoding> inputs, LayerPath path, Cancellation cancellation) throws EncoderException {
        return embed(inputs, path, cancellation, !firstPositionLayers.isEmpty());
    }

    /** @param firstPositionLast whether the path's last layer runs for the first position only */
    private EncodedBatch embed(List<Encoding> inputs, LayerPath path, Cancellation cancellation, boolean firstPositionLast)
        throws EncoderException {
        path.requireWithin(layers.size());
        lifecycle.readLock().lock();
        try {
            requireOpen();
            float[][] out = new float[inputs.size()][];
            List<Integer> order = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingInt((Integer i) -> inputs.get(i).length()).reversed());
            FlopsCounter counter = new FlopsCounter();
            long padded = 0;
            for (int from = 0; from < order.size(); from += options.batchSize()) {
                List<Integer> rows = order.subList(from, Math.min(from + options.batchSize(), order.size()));
                List<Encoding> batch = new ArrayList<>(rows.size());
                rows.forEach(i -> batch.add(inputs.get(i)));
                PaddedBatch paddedBatch = PaddedBatch.of(batch, padId);
                try (Pass pass = new Pass(paddedBatch, counter)) {
                    run(pass, path, cancellation, firstPositionLast);
                    float[][] pooled = pass.pool();
                    for (int r = 0; r < rows.size(); r++) {
                        out[rows.get(r)] = pooled[r];
                    }
                }
                padded += (long) paddedBatch.rows() * paddedBatch.columns();
            }
            return new EncodedBatch(out, counter.total(), path, padded);
        } catch (OrtException e) {
            throw new EncoderException("ONNX Runtime failed on the layers of " + source + ": " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Runs {@code path} in as few calls as its spans allow; under CLS pooling only the last layer's first position is read. */
    private void run(Pass pass, LayerPath path, Cancellation cancellation, boolean firstPositionLast)
        throws OrtException, EncoderException {
        LayerSpan whole = fullPathSpan(layers.size(), pooling);
        if (fullPath != null && path.equals(LayerPath.full(layers.size())) && firstPositionLast == whole.firstPositionLast()) {
            pass.span(fullPath, whole, cancellation);
            return;
        }
        pass.embeddings();
        for (LayerSpan span : LayerSpan.of(path, firstPositionLast)) {
            OrtSession session = span.layers() > 1 ? spans.get(span) : null;
            if (session != null) {
                pass.span(session, span, cancellation);
            } else {
                for (int layer = span.from(); layer <= span.to(); layer++) {
                    pass.apply(layer, cancellation, span.firstPositionLast() && layer == span.to());
                }
            }
        }
    }

    /**
     * One text with Dr.LLM routers deciding before each layer, from the hidden state entering it, to skip, execute
     * or repeat it ({@code knob} as in {@link LayerRouters#decide}). The text runs alone, unpadded.
     */
    public RoutedRunner.Result embed(Encoding text, LayerRouters routers, double knob, Cancellation cancellation) throws EncoderException {
        int d = architecture.dModel();
        if (routers.layers() != layers.size() || routers.inputDim() != d) {
            throw new IllegalArgumentException("routers are for " + routers.layers() + " layers of width " + routers.inputDim()
                + ", the model has " + layers.size() + " of " + d);
        }
        lifecycle.readLock().lock();
        try {
            requireOpen();
            FlopsCounter counter = new FlopsCounter();
            List<Integer> executed = new ArrayList<>();
            try (Pass pass = new Pass(PaddedBatch.of(List.of(text), padId), counter)) {
                pass.embeddings();
                for (int l = 0; l < layers.size(); l++) {
                    float[][] windows = Router.windowMeans(pass.hiddenStates(), 0, text.length(), d);
                    Decision decision = routers.decide(l, windows, knob);
                    for (int k = 0; k < decision.applications(); k++) {
                        // which application is the last is known only after it ran: every one runs in full
                        pass.apply(l, cancellation, false);
                        executed.add(l);
                    }
                }
                return new RoutedRunner.Result(pass.pool()[0], new LayerPath(executed), counter.total(), text.length());
            }
        } catch (OrtException e) {
            throw new EncoderException("ONNX Runtime failed on the layers of " + source + ": " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * One text at a time, along a fixed path or routed, every layer in full (as a routed text runs, so the two compare
     * and both cost {@code FlopsEstimator.routed}).
     */
    public TextRunner texts() {
        return new TextRunner() {
            @Override
            public int layers() {
                return layerCount();
            }

            @Override
            public float[][][] routerInputs(Encoding text, int[] counts) throws EncoderException {
                return LayeredOnnxEncoder.this.routerInputs(text, counts);
            }

            @Override
            public RoutedRunner.Result run(Encoding text, LayerPath path) throws EncoderException {
                EncodedBatch run = embed(List.of(text), path, new Cancellation(), false);
                return new RoutedRunner.Result(run.embeddings()[0], path, run.countedFlops(), text.length());
            }

            @Override
            public RoutedRunner.Result run(Encoding text, LayerRouters routers, double knob) throws EncoderException {
                return embed(text, routers, knob, new Cancellation());
            }
        };
    }

    /**
     * Teacher forcing for router training (Dr.LLM, loss and training): runs {@code counts} (0/1/2 applications per
     * layer) over one unpadded text and returns, per layer, the window means of the state entering it.
     */
    public float[][][] routerInputs(Encoding text, int[] counts) throws EncoderException {
        if (counts.length != layers.size()) {
            throw new IllegalArgumentException(counts.length + " counts for " + layers.size() + " layers");
        }
        int d = architecture.dModel();
        lifecycle.readLock().lock();
        try {
            requireOpen();
            float[][][] inputs = new float[layers.size()][][];
            try (Pass pass = new Pass(PaddedBatch.of(List.of(text), padId), new FlopsCounter())) {
                pass.embeddings();
                for (int l = 0; l < layers.size(); l++) {
                    inputs[l] = Router.windowMeans(pass.hiddenStates(), 0, text.length(), d);
                    for (int k = 0; k < counts[l]; k++) {
                        pass.apply(l, new Cancellation(), false);
                    }
                }
            }
            return inputs;
        } catch (OrtException e) {
            throw new EncoderException("ONNX Runtime failed on the layers of " + source + ": " + e.getMessage(), e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void requireOpen() throws EncoderException {
        if (closed) {
            throw new EncoderException("layered encoder for " + source + " is closed");
        }
    }

    /**
     * One batch on its way through the layers: the result that owns the attention bias every layer reads (the
     * embeddings', or the full path's) and the latest layer's result (it owns the current hidden state). Confined to
     * one thread.
     */
    private final class Pass implements AutoCloseable {
        private final PaddedBatch batch;
        private final FlopsCounter counter;
        private OrtSession.Result embedded; // null until the embeddings ran
        private OnnxTensor bias;
        private OrtSession.Result latest; // null until a layer ran after the embeddings
        private OnnxTensor hidden;
        private int positions; // of the current state: every column, or 1 after a first-position-only layer

        Pass(PaddedBatch batch, FlopsCounter counter) {
            this.batch = batch;
            this.counter = counter;
        }

        /** Runs the embeddings: the first hidden state and the attention bias. */
        void embeddings() throws OrtException {
            embedded = runFromIds(embeddings, Set.of(graphs.firstHidden(), graphs.attentionBias()));
            bias = tensor(embedded, graphs.attentionBias());
            hidden = tensor(embedded, graphs.firstHidden());
            positions = batch.columns();
        }

        private OrtSession.Result runFromIds(OrtSession session, Set<String> outputs) throws OrtException {
            Map<String, OnnxTensor> feed = new HashMap<>();
            try {
                OnnxBertEncoder.putIdTensors(feed, env, batch, graphs.embeddingInputs().contains(TOKEN_TYPE_IDS));
                return session.run(feed, outputs);
            } finally {
                feed.values().forEach(OnnxTensor::close);
            }
        }

        /** Runs the layers of {@code span} in one call of its {@code session}, from the token ids or the current state. */
        void span(OrtSession session, LayerSpan span, Cancellation cancellation) throws OrtException, EncoderCancelledException {
            if (cancellation.isCancelled()) {
                throw new EncoderCancelledException("cancelled before layer " + span.from());
            }
            String out = graphs.layers().get(span.to()).output();
            if (span.fromEmbeddings()) {
                embedded = runFromIds(session, Set.of(out));
                hidden = tensor(embedded, out);
            } else {
                requireFullState();
                String in = graphs.layers().get(span.from()).input();
                advance(session.run(Map.of(in, hidden, graphs.attentionBias(), bias), Set.of(out)), out);
            }
            for (int layer = span.from(); layer <= span.to(); layer++) {
                boolean first = span.firstPositionLast() && layer == span.to();
                count(first ? firstPositionWeights.get(layer) : layerWeights.get(layer), first);
            }
            positions = span.firstPositionLast() ? 1 : batch.columns();
        }

        private void requireFullState() {
            if (positions == 1 && batch.columns() > 1) {
                throw new IllegalStateException("a layer ran after the first-position-only layer");
            }
        }

        private void advance(OrtSession.Result next, String out) {
            if (latest != null) {
                latest.close();
            }
            latest = next;
            hidden = tensor(next, out);
        }

        /** Runs {@code layer} on the current state; {@code firstPositionOnly}: its output at the first position only. */
        void apply(int layer, Cancellation cancellation, boolean firstPositionOnly) throws OrtException, EncoderCancelledException {
            if (cancellation.isCancelled()) {
                throw new EncoderCancelledException("cancelled before layer " + layer);
            }
            requireFullState();
            LayerGraphs.Layer names = graphs.layers().get(layer);
            OrtSession session = firstPositionOnly ? firstPositionLayers.get(layer) : layers.get(layer);
            advance(session.run(Map.of(names.input(), hidden, graphs.attentionBias(), bias), Set.of(names.output())), names.output());
            count(firstPositionOnly ? firstPositionWeights.get(layer) : layerWeights.get(layer), firstPositionOnly);
            positions = firstPositionOnly ? 1 : batch.columns();
        }

        private void count(List<Matmul> matmuls, boolean firstPositionOnly) {
            long sequences = batch.rows();
            long all = sequences * batch.columns();
            for (Matmul m : matmuls) {
                counter.linear(m.allPositions() ? all : sequences, m.in(), m.out());
            }
            int heads = architecture.nHeads();
            long queries = firstPositionOnly ? 1 : batch.columns();
            counter.attention(sequences, heads, heads, queries, batch.columns(), architecture.dAttn() / heads);
        }

        /** A copy of the current hidden state, {@code [rows, columns, d]} row-major. */
        float[] hiddenStates() {
            FloatBuffer buffer = hidden.getFloatBuffer();
            float[] out = new float[buffer.remaining()];
            buffer.get(out);
            return out;
        }

        /** Each row pooled and L2-normalised. */
        float[][] pool() throws EncoderException {
            return OnnxBertEncoder.poolRows(hidden.getFloatBuffer(), batch, positions, architecture.dModel(), pooling, source);
        }

        @Override
        public void close() {
            if (latest != null) {
                latest.close();
            }
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static OnnxTensor tensor(OrtSession.Result result, String name) {
        OnnxValue value = result.get(name).orElseThrow(() -> new IllegalStateException("the run returned no " + name));
        return (OnnxTensor) value;
    }

    private static void closeAll(List<OrtSession> sessions) {
        for (OrtSession s : sessions) {
            try {
                s.close();
            } catch (OrtException | RuntimeException ignored) {
                // closing what a failed load opened: the load's own failure is what the caller sees
            }
        }
    }

    /** Waits for calls in flight, then frees every session. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                List<OrtSession> all = new ArrayList<>(layers);
                all.addAll(firstPositionLayers);
                all.add(embeddings);
                if (fullPath != null) {
                    all.add(fullPath);
                }
                closeAll(all);
                spans.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "LayeredOnnxEncoder{" + source + ", " + layers.size() + " layers, " + pooling + ", " + options + "}";
    }
}
