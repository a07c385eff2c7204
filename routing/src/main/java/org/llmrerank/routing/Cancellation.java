package org.llmrerank.routing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A cancel signal for one inference call, set from another thread (a deadline timer, a search
 * that was cancelled). Long-running work registers an action that stops it, e.g. ONNX Runtime's
 * {@code RunOptions.setTerminate(true)}, and checks {@link #isCancelled()} between steps.
 *
 * <p>An action runs at most once, either inside {@link #cancel()} or immediately on registration
 * if cancellation already happened. Once {@link Registration#close()} returns, the action is
 * neither running nor will it run, so the resource it touches (a native RunOptions) can be freed.
 */
public final class Cancellation {

    /** Removes a registered action; idempotent. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private final Object lock = new Object();
    private final Set<Runnable> actions = new LinkedHashSet<>();
    private volatile boolean cancelled;

    /** Asks the work to stop; runs every registered action. Idempotent. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(actions);
            actions.clear();
            // Actions run under the lock so that Registration.close() waits for a running one.
            RuntimeException failure = null;
            for (Runnable action : toRun) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Registers {@code action} to run on cancellation; runs it now if already cancelled. */
    public Registration onCancel(Runnable action) {
        synchronized (lock) {
            if (cancelled) {
                action.run();
                return () -> {};
            }
            actions.add(action);
        }
        return () -> {
            synchronized (lock) {
                actions.remove(action);
            }
        };
    }
}
