package org.llmrerank.rest.clause;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A time as both search engines write one ({@code 2s}, {@code 500ms}, {@code 1m}, {@code 10nanos}; {@code -1} and
 * {@code 0} without a unit), read the way their own time settings read it, so that a clause's {@code timeout} means the
 * same thing on either engine without one of their classes.
 */
public final class TimeText {

    /** In the order the engines try them: "ms" before "s", which it also ends with. */
    private static final String[] SUFFIXES = {"nanos", "micros", "ms", "s", "m", "h", "d"};
    private static final TimeUnit[] UNITS = {TimeUnit.NANOSECONDS, TimeUnit.MICROSECONDS, TimeUnit.MILLISECONDS, TimeUnit.SECONDS,
        TimeUnit.MINUTES, TimeUnit.HOURS, TimeUnit.DAYS};

    private TimeText() {}

    /**
     * The time in nanoseconds ({@code -1} is the engines' "no time" and reads as minus one millisecond, as there).
     *
     * @throws IllegalArgumentException the text has no known unit, a fraction or a negative number
     */
    public static long nanos(String text) {
        String normalized = text.toLowerCase(Locale.ROOT).trim();
        for (int i = 0; i < SUFFIXES.length; i++) {
            // the engines take an upper-case M for months elsewhere, so minutes are a lower-case m only
            String written = SUFFIXES[i].equals("m") ? text : normalized;
            if (written.endsWith(SUFFIXES[i])) {
                return UNITS[i].toNanos(amount(text, normalized.substring(0, normalized.length() - SUFFIXES[i].length()).trim()));
            }
        }
        if (normalized.matches("-0*1")) {
            return TimeUnit.MILLISECONDS.toNanos(-1);
        }
        if (normalized.matches("0+")) {
            return 0;
        }
        throw new IllegalArgumentException("[" + text + "] is not a time: the unit is missing or unrecognized");
    }

    private static long amount(String text, String number) {
        long value;
        try {
            value = Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + text + "] is not a time: the amount must be a whole number", e);
        }
        if (value < -1) {
            throw new IllegalArgumentException("[" + text + "] is not a time: negative durations are not supported");
        }
        return value;
    }
}
