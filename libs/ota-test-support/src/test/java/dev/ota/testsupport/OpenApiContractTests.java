package dev.ota.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenApiContractTests {

    @Test
    void theCanonicalFormSortsKeysAtEveryDepthAndKeepsArrayOrder() {
        String a = OpenApiContract.canonical("{\"paths\":{\"/b\":{\"get\":{}},\"/a\":{}},\"info\":{\"version\":\"v1\","
                + "\"title\":\"x\"},\"tags\":[\"z\",\"y\"]}");
        String b = OpenApiContract.canonical("{\"tags\":[\"z\",\"y\"],\"info\":{\"title\":\"x\",\"version\":\"v1\"},"
                + "\"paths\":{\"/a\":{},\"/b\":{\"get\":{}}}}");

        assertThat(a).isEqualTo(b).endsWith("}\n");
        assertThat(a.indexOf("\"info\"")).isLessThan(a.indexOf("\"paths\""));
        assertThat(a.indexOf("\"/a\"")).isLessThan(a.indexOf("\"/b\""));
        assertThat(a.indexOf("\"z\"")).isLessThan(a.indexOf("\"y\""));
        assertThat(a.lines().count()).isGreaterThan(5);
    }

    @Test
    void theDiffShowsOnlyTheChangedLinesWithWhereTheyAre() {
        String committed = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3,\n  \"d\": 4\n}\n";
        String served = "{\n  \"a\": 1,\n  \"b\": 20,\n  \"c\": 3,\n  \"d\": 4,\n  \"e\": 5\n}\n";

        String diff = LineDiff.of(committed, served, 80);

        assertThat(diff)
                .contains("-   \"b\": 2,")
                .contains("+   \"b\": 20,")
                .contains("-   \"d\": 4\n")
                .contains("+   \"d\": 4,\n")
                .contains("+   \"e\": 5")
                .contains("@@ line 3")
                .doesNotContain("-   \"c\"")
                .doesNotContain("-   \"a\"");
    }

    @Test
    void aLongDiffIsCut() {
        String committed = "x\n".repeat(10);
        String served = "y\n".repeat(10);

        assertThat(LineDiff.of(committed, served, 5)).contains("... ").contains("more diff lines");
    }
}
