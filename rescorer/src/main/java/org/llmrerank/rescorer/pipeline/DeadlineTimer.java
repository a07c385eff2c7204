package org.llmrerank.rescorer.pipeline;

/** Runs a task after a delay on a thread the engine chooses (never a transport thread); the engine's scheduler. */
@FunctionalInterface
public interface DeadlineTimer {

    /** @return cancels the task when it has not run yet */
    Runnable schedule(Runnable task, long delayNanos);
}
