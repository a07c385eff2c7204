package org.llmrerank.rescorer;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.llmrerank.routing.BundledModel;

/**
 * The models a process can run, by name, loaded on first use and then shared (thread-safe). What a
 * model supports is known without loading it, so requests can be validated cheaply.
 */
public final class ModelRegistry implements AutoCloseable {

    public static final int DEFAULT_MAX_LENGTH = 512;

    private final int intraOpThreads;
    private final int maxLength;
    private final ConcurrentMap<String, RerankModel> loaded = new ConcurrentHashMap<>();

    /**
     * @param intraOpThreads ONNX Runtime threads per call; 0 = the processors, at most 4
     */
    public ModelRegistry(int intraOpThreads, int maxLength) {
        this.intraOpThreads = intraOpThreads > 0 ? intraOpThreads : Math.min(4, Runtime.getRuntime().availableProcessors());
        this.maxLength = maxLength;
    }

    public ModelRegistry() {
        this(0, DEFAULT_MAX_LENGTH);
    }

    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(BundledModel.values()).map(BundledModel::modelName).forEach(names::add);
        return names;
    }

    public boolean isKnown(String name) {
        return BundledModel.byName(name).isPresent();
    }

    /** Empty when the name is unknown. Every bundled model is a bi-encoder. */
    public Set<Strategy> strategiesOf(String name) {
        return isKnown(name) ? Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING) : Set.of();
    }

    public RerankModel get(String name) throws ModelException {
        RerankModel m = loaded.get(name);
        if (m != null) {
            return m;
        }
        BundledModel bundled = BundledModel.byName(name).orElseThrow(() -> new ModelException("unknown model [" + name + "]; known: " + names()));
        synchronized (this) {
            m = loaded.get(name);
            if (m == null) {
                m = BiEncoderRerankModel.load(bundled, intraOpThreads, maxLength);
                loaded.put(name, m);
            }
            return m;
        }
    }

    @Override
    public synchronized void close() {
        loaded.values().forEach(RerankModel::close);
        loaded.clear();
    }
}
