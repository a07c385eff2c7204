package org.llmrerank.estimator;

/**
 * A config.json that does not say what a reader needs. It keeps the field and the problem apart, so each audience
 * frames them its own way: the command line names the file by its path and may quote the value
 * ({@link #getMessage()}), the models API names the file relative to the models directory and never quotes a string
 * of the file ({@link #framed}).
 */
public final class ConfigException extends InputException {

    private final String field;
    private final String problem;

    private ConfigException(String message, String field, String problem) {
        super(message);
        this.field = field;
        this.problem = problem;
    }

    /**
     * A field whose value is missing or not what {@code requirement} asks.
     *
     * @param raw  the value as written, null when the field is absent or JSON null
     * @param safe the value described without quoting a string: {@code [6.5]}, {@code [null]}, {@code a string}
     */
    static ConfigException value(String source, String field, String requirement, String raw, String safe) {
        String cli = raw == null ? source + ": missing field '" + field + "'"
            : source + ": field '" + field + "' " + requirement + ", got " + raw;
        return new ConfigException(cli, field, requirement + ", got " + safe);
    }

    /** A field that contradicts another or names what no reader knows; {@code problem} follows the field's name. */
    static ConfigException field(String source, String field, String problem) {
        return new ConfigException(source + ": " + field + " " + problem, field, problem);
    }

    /** The file as a whole: {@code problem} follows the file's name ("is not a JSON object"). */
    static ConfigException file(String source, String problem) {
        return new ConfigException(source + " " + problem, null, problem);
    }

    /** The offending field; null when the problem is the file's as a whole. */
    public String field() {
        return field;
    }

    /** What is wrong, after the field's name, quoting no string of the file. */
    public String problem() {
        return problem;
    }

    /** The problem framed as the models API names configuration: {@code [label].field problem} or {@code [label] problem}. */
    public String framed(String label) {
        return field == null ? "[" + label + "] " + problem : "[" + label + "]." + field + " " + problem;
    }
}
