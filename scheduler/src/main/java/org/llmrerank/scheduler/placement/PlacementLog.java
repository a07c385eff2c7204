package org.llmrerank.scheduler.placement;

/** The engine's log, for what placement and calibration report without failing a search. */
public interface PlacementLog {

    void info(String message);

    void warn(String message, Exception e);

    void debug(String message, Exception e);

    /** Says nothing: for tests. */
    PlacementLog NONE = new PlacementLog() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message, Exception e) {}

        @Override
        public void debug(String message, Exception e) {}
    };
}
