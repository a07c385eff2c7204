package org.llmrerank.estimator;

import java.nio.file.Path;

/**
 * A user-supplied file or name is wrong: unknown preset, malformed config.json, a bad qrels or run
 * line. The message names the file and, where there is one, the line, so a user can fix it
 * without a stack trace.
 */
public class InputException extends RuntimeException {

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "file:line: problem". */
    public static InputException atLine(Path file, long line, String problem) {
        return new InputException(file + ":" + line + ": " + problem);
    }
}
