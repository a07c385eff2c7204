package org.llmrerank.routing.runtime;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Where and how DJL's PyTorch engine starts inside a host process that did not start it itself
 * (an OpenSearch node). DJL reads its configuration from system properties once, when the engine
 * first loads, and finds its engine and native jars through the thread's context class loader;
 * in a plugin that loader is the server's, which cannot see the plugin's jars.
 */
public final class DjlEngineSetup {

    private DjlEngineSetup() {}

    /**
     * Sets DJL's properties unless the operator set them already (a JVM option wins): never reach
     * for the network (every native ships in the pytorch-native-cpu jar), extract natives under
     * {@code cacheDir} (about 430 MB, once per directory), and use {@code threads} intra-op threads
     * with no inter-op pool (a transformer forward pass is a chain of dependent ops).
     */
    public static void configure(Path cacheDir, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        setIfAbsent("DJL_CACHE_DIR", cacheDir.toAbsolutePath().toString());
        setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** A CPU NDManager of the PyTorch engine, the engine loaded through this library's class loader if it is the first. */
    public static ai.djl.ndarray.NDManager newCpuManager() {
        try {
            return withEngineClassLoader(() -> ai.djl.ndarray.NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch"));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start DJL's PyTorch engine: " + e, e);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * Runs {@code work} with this library's class loader as the context loader, so DJL's service
     * lookup (engine providers) and its search for the native jars see the jars this class came from.
     */
    public static <T> T withEngineClassLoader(Callable<T> work) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(DjlEngineSetup.class.getClassLoader());
        try {
            return work.call();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
