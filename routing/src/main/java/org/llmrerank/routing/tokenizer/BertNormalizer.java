package org.llmrerank.routing.tokenizer;

import java.text.Normalizer;

/**
 * The Hugging Face {@code BertNormalizer}: clean text, space out CJK ideographs, strip accents,
 * lowercase, in that order (tokenizers {@code normalizers/bert.rs}).
 *
 * <p>Every step works on single code points, exactly as the Rust implementation does; in
 * particular lowercasing is per code point (no final-sigma context, unlike
 * {@link String#toLowerCase}), because the reference lowercases each {@code char} on its own.
 */
final class BertNormalizer {

    private final boolean cleanText;
    private final boolean handleChineseChars;
    private final boolean stripAccents;
    private final boolean lowercase;

    /**
     * @param stripAccents null means "follow {@code lowercase}", the convention of the JSON format
     */
    BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents == null ? lowercase : stripAccents;
        this.lowercase = lowercase;
    }

    String normalize(String text) {
        String s = text;
        if (cleanText) {
            s = cleanText(s);
        }
        if (handleChineseChars) {
            s = spaceChineseChars(s);
        }
        if (stripAccents) {
            s = stripAccents(s);
        }
        if (lowercase) {
            s = lowercase(s);
        }
        return s;
    }

    /** Drops NUL, U+FFFD and control/format/private-use code points; maps whitespace to ' '. */
    private static String cleanText(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                continue;
            }
            if (CharClasses.isWhitespace(cp)) {
                out.append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static String spaceChineseChars(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (CharClasses.isChineseChar(cp)) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(' ').appendCodePoint(cp).append(' ');
            } else if (out != null) {
                out.append(s, i, next);
            }
            i = next;
        }
        return out == null ? s : out.toString();
    }

    private static String stripAccents(String s) {
        if (isAscii(s)) {
            return s; // NFD of ASCII is itself and ASCII has no combining marks
        }
        String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        for (int i = 0; i < nfd.length(); ) {
            int cp = nfd.codePointAt(i);
            i += Character.charCount(cp);
            if (ReferenceCategories.type(cp) != Character.NON_SPACING_MARK) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    private static String lowercase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0x130) {
                // The only unconditional multi-code-point lowercase mapping (SpecialCasing.txt):
                // Rust's char::to_lowercase gives "i" + COMBINING DOT ABOVE, Java's simple mapping "i".
                out.append('i').append('\u0307');
            } else {
                out.appendCodePoint(Character.toLowerCase(cp));
            }
        }
        return out.toString();
    }

    /**
     * Control in the BERT sense: control, format, private-use or surrogate, except tab, newline
     * and carriage return. Unassigned code points are kept (the reference keeps them; they become
     * [UNK]), even though the Rust source's comment lists Cn.
     */
    private static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        return switch (ReferenceCategories.type(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE,
                 Character.SURROGATE -> true;
            default -> false;
        };
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
