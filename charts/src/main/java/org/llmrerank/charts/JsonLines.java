package org.llmrerank.charts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A file of one JSON object per line, as the command line appends them; blank lines are skipped. */
final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    /**
     * Each line's object through {@code parse}.
     *
     * @param none what to say when the file holds no line, after its name (e.g. how to write one)
     * @throws ChartInputException naming the file, the line and the field of the first bad entry, or saying {@code none}
     */
    static <T> List<T> read(Path file, Function<Fields, T> parse, String none) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file.getFileName() + " line " + (i + 1);
            JsonNode o;
            try {
                o = JSON.readTree(lines.get(i));
            } catch (JsonProcessingException e) {
                throw new ChartInputException(where + ": not JSON: " + e.getOriginalMessage());
            }
            out.add(parse.apply(new Fields(o, where)));
        }
        if (out.isEmpty()) {
            throw new ChartInputException(file.getFileName() + ": " + none);
        }
        return List.copyOf(out);
    }
}
