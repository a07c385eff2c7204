package org.llmrerank.rest.models;

import java.util.Objects;

/**
 * How model files are read with the rights the engine grants the plugin's own code: the plugin's policy grants read on
 * the models directory, while the engine's code on the stack (thread pools, transport) need not have it. Each engine
 * installs its way of running an action privileged; until one is installed (plain Java, unit tests) the action simply
 * runs.
 */
public final class ModelFileAccess {

    /** Runs an action with the plugin's rights. */
    public interface Runner {
        <T, E extends Exception> T run(Action<T, E> action) throws E;
    }

    @FunctionalInterface
    public interface Action<T, E extends Exception> {
        T run() throws E;
    }

    private static final Runner DIRECT = new Runner() {
        @Override
        public <T, E extends Exception> T run(Action<T, E> action) throws E {
            return action.run();
        }
    };

    private static volatile Runner runner = DIRECT;

    private ModelFileAccess() {}

    /** The engine's privileged runner; the same for every node of a JVM, so installing it again changes nothing. */
    public static void install(Runner engineRunner) {
        runner = Objects.requireNonNull(engineRunner);
    }

    static <T, E extends Exception> T privileged(Action<T, E> action) throws E {
        return runner.run(action);
    }
}
