package org.llmrerank.estimator;

import java.util.List;

/**
 * One TourRank tournament (TourRank (Chen et al., WWW 2025)): stages of groups, each call sees one group and selects the
 * passages that advance. The reference code fixes the schedule for 100 candidates; other sizes are
 * rejected rather than guessed.
 */
public record TourRankSchedule(List<Stage> stages) {

    /** {@code groups} calls, each over {@code groupSize} passages, each selecting {@code selected}. */
    public record Stage(int groups, int groupSize, int selected) {}

    private static final TourRankSchedule HUNDRED = new TourRankSchedule(List.of(
            new Stage(5, 20, 10),
            new Stage(5, 10, 4),
            new Stage(1, 20, 10),
            new Stage(1, 10, 5),
            new Stage(1, 5, 2)));

    public static TourRankSchedule forDocs(int n) {
        if (n != 100) {
            throw new IllegalArgumentException("TourRank's tournament schedule is defined for 100 candidates"
                    + " (5 stages: 100->50->20->10->5->2), got " + n);
        }
        return HUNDRED;
    }

    public int callsPerTournament() {
        return stages.stream().mapToInt(Stage::groups).sum();
    }

    public double meanPassagesPerCall() {
        return (double) stages.stream().mapToInt(s -> s.groups() * s.groupSize()).sum() / callsPerTournament();
    }

    public int maxPassagesPerCall() {
        return stages.stream().mapToInt(Stage::groupSize).max().orElse(0);
    }

    /** Mean passages a call lists in its answer ("Document 3, ..., Document 1"). */
    public double meanSelectedPerCall() {
        return (double) stages.stream().mapToInt(s -> s.groups() * s.selected()).sum() / callsPerTournament();
    }
}
