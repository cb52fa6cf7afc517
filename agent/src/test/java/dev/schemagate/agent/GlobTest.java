package dev.schemagate.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The skip=/gate= pattern language: * and ? over the whole text, ';' between patterns. */
class GlobTest {

    @ParameterizedTest
    @CsvSource({
        "org.gradle.*, org.gradle.launcher.GradleMain, true",
        "org.gradle.*, org.gradlex.Main, false",
        "*.jar, orders.jar, true",
        "*.jar, orders.jar.bak, false",
        "orders-?.jar, orders-2.jar, true",
        "orders-?.jar, orders-12.jar, false",
        "*, '', true",
        "'', '', true",
        "'', x, false",
        "a*b*c, abXbYc, true",
        "a*b*c, abXbYcZ, false",
        "*Tool, com.example.Tool, true",
        "com.example.Tool, com.example.ToolX, false",
        "app.jar migrate*, app.jar migrate --all, true",
        "**x, x, true",
        "Com.Example.*, com.example.A, false",
    })
    void matchesTheWholeText(String glob, String text, boolean expected) {
        assertThat(Glob.matches(glob, text)).isEqualTo(expected);
    }

    @Test
    void splitsOnSemicolonsAndTrims() {
        assertThat(Glob.split("org.gradle.*; com.example.Tool ;x"))
                .containsExactly("org.gradle.*", "com.example.Tool", "x");
        assertThat(Glob.split("one")).containsExactly("one");
        assertThat(Glob.split("a;;b")).containsExactly("a", "", "b");
        assertThat(Glob.split("")).containsExactly("");
    }
}
