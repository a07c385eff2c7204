package org.llmrerank.estimator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reference cells of the E2R-FLOPs paper's Table 2 (E2R-FLOPs, results), loaded from a TSV resource so the
 * data stays data. Only DL19 is transcribed; that is what {@code estimate --paper-table dl19} checks.
 */
public final class PaperTable {

    /** One method x model cell group. {@code note} is the transcription's remark on the cell, or empty. */
    public record Cell(String preset, RerankMethod method, double ndcg, double calls, double promptTokens,
                       double outputTokens, double printedPflops, String note) {}

    private PaperTable() {}

    public static List<Cell> load(String dataset) {
        String name = dataset.toLowerCase(Locale.ROOT);
        if (!name.equals("dl19")) {
            throw new InputException("paper table '" + dataset + "' is not transcribed; known: dl19");
        }
        String resource = "e2r-table2-dl19.tsv";
        try (InputStream in = PaperTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " missing from the estimator jar");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Cell> parse(BufferedReader in, String resource) throws IOException {
        List<Cell> cells = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 8) {
                throw new IllegalStateException(resource + ":" + lineNo + ": expected 8 tab-separated fields");
            }
            cells.add(new Cell(f[0], RerankMethod.parse(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                    f[7].equals("-") ? "" : f[7]));
        }
        return cells;
    }
}
