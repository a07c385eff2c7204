package org.llmrerank.charts;

/** A results or load file the charts cannot be drawn from; the message names the file, the entry and the field. */
public final class ChartInputException extends RuntimeException {

    public ChartInputException(String message) {
        super(message);
    }
}
