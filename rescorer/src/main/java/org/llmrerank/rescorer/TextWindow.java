package org.llmrerank.rescorer;

import java.util.ArrayList;
import java.util.List;

/**
 * The passages of a first-stage window that have text, in first-stage order, with their positions in the window: what a
 * sorting method reorders and a budget shortens. Passages without text (null or blank) are never judged.
 *
 * @param positions window position of each passage with text
 * @param texts     their texts
 */
public record TextWindow(List<Integer> positions, List<String> texts) {

    public TextWindow {
        positions = List.copyOf(positions);
        texts = List.copyOf(texts);
    }

    /** @param window passage text per first-stage position; null or blank = no text */
    public static TextWindow of(List<String> window) {
        List<Integer> positions = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < window.size(); i++) {
            String t = window.get(i);
            if (t != null && t.isBlank() == false) {
                positions.add(i);
                texts.add(t);
            }
        }
        return new TextWindow(positions, texts);
    }

    /** Passages with text. */
    public int size() {
        return texts.size();
    }

    /** {@code window} with the text of every passage past the first {@code depth} with text taken out. */
    public List<String> keepLeading(List<String> window, int depth) {
        List<String> kept = new ArrayList<>(window);
        for (int j = depth; j < size(); j++) {
            kept.set(positions.get(j), null);
        }
        return kept;
    }
}
