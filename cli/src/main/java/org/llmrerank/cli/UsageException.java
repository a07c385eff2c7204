package org.llmrerank.cli;

/** The command line is wrong (unknown option, missing or unparsable value); exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
