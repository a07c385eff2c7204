package org.llmrerank.rescorer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.llmrerank.rescorer.model.ModelDescriptor;
import org.llmrerank.rescorer.model.ModelDescriptors;
import org.llmrerank.rescorer.model.ModelFactory;
import org.llmrerank.routing.onnx.EncoderOptions;
import org.llmrerank.routing.onnx.ExecutionProvider;

/**
 * The models a process can run, by name, each loaded on first use and then shared by every
 * caller. Thread-safe; a slow load of one model does not block another. What a model supports is
 * known without loading it, so requests can be validated cheaply.
 *
 * <p>The registry owns the models: {@link #get} hands out a view whose {@code close()} does
 * nothing, so one caller cannot free a session others are using; {@link #close()} frees them all
 * (after calls in flight finish). A view used after that fails with {@link ModelException}.
 */
public final class ModelRegistry implements AutoCloseable {

    public static final int DEFAULT_MAX_LENGTH = 512;

    /**
     * @param intraOpThreads    ONNX Runtime threads per call; 0 = the available processors, at most 4
     * @param maxSequenceLength tokens per text, special tokens included; longer texts are truncated
     * @param batchSize         sequences per ORT call. 1 by default: the bundled graphs quantise
     *                          activations per batch, so batching makes a passage's score depend on
     *                          its batch-mates (9-17% embedding change measured), and on this CPU
     *                          batch 1 was as fast (bge-small: 111 vs 104 passages/s) and scored
     *                          DL19 NDCG@10 0.6952 vs 0.6908
     * @param allowSpinning     let idle ORT threads busy-wait: about +30% throughput at batch 1
     *                          (145 vs 111 passages/s, 2 threads) for CPU the node's other threads lose
     * @param executionProvider where ORT runs the ONNX models (the CPU, or CUDA with the GPU build of ORT)
     */
    public record Options(int intraOpThreads, int maxSequenceLength, int batchSize, boolean allowSpinning,
                          ExecutionProvider executionProvider) {

        public Options {
            if (intraOpThreads < 0) {
                throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
            }
            if (maxSequenceLength < 8) {
                throw new IllegalArgumentException("maxSequenceLength must be at least 8, got " + maxSequenceLength);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
            }
            Objects.requireNonNull(executionProvider, "executionProvider");
        }

        /** On the CPU. */
        public Options(int intraOpThreads, int maxSequenceLength, int batchSize, boolean allowSpinning) {
            this(intraOpThreads, maxSequenceLength, batchSize, allowSpinning, ExecutionProvider.CPU);
        }

        public static Options defaults() {
            return new Options(0, DEFAULT_MAX_LENGTH, 1, false);
        }

        /** The factory that loads models with these options. */
        public ModelFactory factory() {
            return new ModelFactory(encoderOptions(), maxSequenceLength);
        }

        EncoderOptions encoderOptions() {
            int threads = intraOpThreads > 0 ? intraOpThreads : Math.min(4, Runtime.getRuntime().availableProcessors());
            return new EncoderOptions(threads, batchSize, allowSpinning, executionProvider);
        }
    }

    /** Loads a model registered at run time (by the operator) with the registry's factory; called under its slot's lock. */
    @FunctionalInterface
    public interface Loader {
        RerankModel load(ModelFactory factory) throws ModelException;
    }

    private final Options options;
    private final ModelFactory factory;

    /** Bundled models by name: ONNX Runtime ones always, routed-runtime ones where DJL's engine is on the classpath. */
    private final Map<String, Slot> builtIn = new LinkedHashMap<>();
    /** Registered (non-bundled) bi-encoders by exact name; replaced or removed as registrations change. */
    private final Map<String, Slot> registered = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public ModelRegistry(Options options) {
        this.options = options;
        this.factory = options.factory();
        for (ModelDescriptor d : ModelDescriptors.bundled()) {
            builtIn.put(d.name(), new Slot(d.name(), f -> f.open(d), d::strategies));
        }
    }

    /** Default options with the given thread count and length limit. */
    public ModelRegistry(int intraOpThreads, int maxSequenceLength) {
        this(intraOpThreads, maxSequenceLength, ExecutionProvider.CPU);
    }

    /** Default options with the given thread count, length limit and ONNX Runtime execution provider. */
    public ModelRegistry(int intraOpThreads, int maxSequenceLength, ExecutionProvider executionProvider) {
        this(new Options(intraOpThreads, maxSequenceLength, Options.defaults().batchSize(), false, executionProvider));
    }

    public ModelRegistry() {
        this(Options.defaults());
    }

    public Options options() {
        return options;
    }

    /** Registered names, in a stable order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>(builtIn.keySet());
        names.addAll(new TreeMap<>(registered).keySet());
        return Collections.unmodifiableSet(names);
    }

    public boolean isKnown(String name) {
        return slot(name) != null;
    }

    /**
     * Whether {@code name} is a bundled model's (those cannot be replaced or removed); routed-runtime
     * names are reserved even where that runtime is absent, so a registration cannot take them.
     */
    public static boolean isBundled(String name) {
        return ModelDescriptors.isBundledName(name);
    }

    /**
     * Registers (or replaces) a bi-encoder under {@code name}, loaded on first use by {@code loader}.
     * A replaced model is freed after the calls in flight on it finish.
     *
     * @throws IllegalArgumentException when {@code name} is a bundled model's
     */
    public void register(String name, Loader loader) {
        register(name, loader, BiEncoderRerankModel::strategies);
    }

    /**
     * @param strategies what the model runs, read from its files without loading it (asked once, when a request first
     *                   validates against it); a bi-encoder runs pointwise only, an LLM checkpoint every method
     */
    public void register(String name, Loader loader, java.util.function.Supplier<Set<Strategy>> strategies) {
        if (isBundled(name)) {
            throw new IllegalArgumentException("model [" + name + "] is bundled and cannot be replaced");
        }
        Slot old = registered.put(name, new Slot(name, loader, strategies));
        if (old != null) {
            old.release();
        }
    }

    /** Removes a registered model and frees it; false when it was not registered. */
    public boolean unregister(String name) {
        Slot old = name == null ? null : registered.remove(name);
        if (old != null) {
            old.release();
        }
        return old != null;
    }

    /** Empty when the name is unknown. Every bundled model is a bi-encoder. */
    public Set<Strategy> strategiesOf(String name) {
        Slot s = slot(name);
        return s == null ? Set.of() : s.strategies();
    }

    /** Whether {@code name} has been loaded (and not released); for stats and tests. */
    public boolean isLoaded(String name) {
        Slot s = slot(name);
        return s != null && s.isLoaded();
    }

    /**
     * The model called {@code name}, loading it on first use.
     *
     * @throws ModelException for an unknown name (the message lists the known ones), a registry
     *                        that is closed, or a model that fails to load (retried on the next call)
     */
    public RerankModel get(String name) throws ModelException {
        Slot slot = slot(name);
        if (slot == null) {
            throw new ModelException("unknown model [" + name + "]; known models: " + String.join(", ", names()));
        }
        return slot.get();
    }

    /** Frees every loaded session. Idempotent; later {@link #get} calls fail. */
    @Override
    public void close() {
        closed = true;
        builtIn.values().forEach(Slot::close);
        registered.values().forEach(Slot::close);
    }

    /**
     * Load state of every model this registry offers, by name, for the stats.
     *
     * @param loaded      whether it is in memory now
     * @param weightBytes bytes of weights held (-1 when the engine cannot say or it is not loaded)
     * @param loadMillis  how long its last successful load took (-1 before one)
     * @param lastError   why its last load failed (null when it did not)
     */
    public record LoadState(boolean loaded, long weightBytes, long loadMillis, String lastError) {}

    public Map<String, LoadState> loadStates() {
        Map<String, LoadState> out = new LinkedHashMap<>();
        for (String name : names()) {
            Slot s = slot(name);
            if (s != null) {
                out.put(name, s.state());
            }
        }
        return out;
    }

    private Slot slot(String name) {
        if (name == null) {
            return null;
        }
        // bundled names are matched as ModelDescriptors.bundled matches them (trimmed, any case); registrations exactly
        Slot s = builtIn.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        return s != null ? s : registered.get(name);
    }

    /** One model's lazy load; its own lock, so models load independently. */
    private final class Slot {
        private final String name;
        private final Loader loader;
        private volatile RerankModel view;
        private RerankModel model; // guarded by this
        private boolean released;  // guarded by this: unregistered or replaced
        private volatile long loadMillis = -1;
        private volatile String lastError;

        private final java.util.function.Supplier<Set<Strategy>> strategies;
        private volatile Set<Strategy> knownStrategies;

        Slot(String name, Loader loader, java.util.function.Supplier<Set<Strategy>> strategies) {
            this.name = name;
            this.loader = loader;
            this.strategies = strategies;
        }

        Set<Strategy> strategies() {
            Set<Strategy> s = knownStrategies;
            if (s == null) {
                s = knownStrategies = Set.copyOf(strategies.get());
            }
            return s;
        }

        boolean isLoaded() {
            return view != null;
        }

        LoadState state() {
            RerankModel v = view;
            return new LoadState(v != null, v != null ? v.weightBytes() : -1, loadMillis, lastError);
        }

        RerankModel get() throws ModelException {
            RerankModel v = view;
            if (v != null) {
                return v;
            }
            synchronized (this) {
                if (closed || released) {
                    throw new ModelException(closed ? "model registry is closed; model [" + name + "] is not available"
                            : "model [" + name + "] was unregistered or replaced");
                }
                if (view == null) {
                    long start = System.nanoTime();
                    try {
                        model = loader.load(factory);
                    } catch (ModelException | RuntimeException e) {
                        lastError = e.getMessage();
                        throw e;
                    }
                    loadMillis = (System.nanoTime() - start) / 1_000_000L;
                    lastError = null;
                    view = new ForwardingRerankModel(model, () -> {}); // close() belongs to the registry
                }
                return view;
            }
        }

        /** Unregistered or replaced: free it, and refuse later loads through views still held. */
        synchronized void release() {
            released = true;
            close();
        }

        synchronized void close() {
            if (model != null) {
                model.close();
                model = null;
                view = null;
            }
        }
    }

}
