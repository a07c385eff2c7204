package org.llmrerank.estimator;

/**
 * A config.json that does not say what a reader needs. It keeps the field and the problem apart, so each audience
 * frames them its own way: the command line names the file by its path ({@link #getMessage()}), the models API by
 * its path relative to the models directory. The problem never quotes a string of the file: a number or a short
 * identifier at most.
 */
public final class ConfigException extends InputException {

    private final String source;
    private final String field;
    private final String problem;

    /**
     * @param field   the offending field, null when the problem is the file's as a whole
     * @param problem what is wrong, phrased to follow the field's name (or the file's, when {@code field} is null):
     *                "must be a positive integer, got [0]", "is not valid JSON (line 2, column 5)"
     */
    ConfigException(String source, String field, String problem) {
        super(field == null ? source + " " + problem : source + ": field '" + field + "' " + problem);
        this.source = source;
        this.field = field;
        this.problem = problem;
    }

    /** How the file was named to the reader. */
    public String source() {
        return source;
    }

    /** The offending field; null when the problem is the file's as a whole. */
    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }

    /** The problem framed as the models API names configuration: {@code [label].field problem} or {@code [label] problem}. */
    public String framed(String label) {
        return field == null ? "[" + label + "] " + problem : "[" + label + "]." + field + " " + problem;
    }
}
